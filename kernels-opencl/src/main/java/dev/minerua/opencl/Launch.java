package dev.minerua.opencl;

import java.util.List;

/**
 * One kernel launch a node lowers to, before anything is built: the program (a resource under
 * {@code dev/minerua/opencl/}) and its build options, the kernel, the global and (optional) local sizes,
 * and the arguments in order.
 */
record Launch(String program, String options, String kernel, long[] global, long[] local, List<Arg> args) {

    /** This launch built with {@code options} instead. */
    Launch withOptions(String options) {
        return new Launch(program, options, kernel, global, local, args);
    }

    /** A kernel argument. */
    sealed interface Arg {
    }

    /** The device buffer of the node's input {@code index}. */
    record In(int index) implements Arg {
    }

    /** The device buffer of the node's output {@code index}. */
    record Out(int index) implements Arg {
    }

    /** A scalar int. */
    record IntArg(int value) implements Arg {
    }

    /** A scalar float. */
    record FloatArg(float value) implements Arg {
    }

    /** Integers (shapes, strides, indices) uploaded once when the partition is compiled. */
    record Ints(int[] values) implements Arg {
    }
}
