package dev.minerua.cpu.kernels;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Kernel;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.ScalarFloatPrimitives;
import dev.minerua.cpu.simd.VectorFloatPrimitives;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.Pool;
import dev.minerua.ir.ops.Reduce;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The float32 fast paths of the kernels (on the scalar primitives and on every vector width) against the
 * same kernels' float64 reference paths, at odd shapes.
 */
class SimdKernelPathsTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    static Stream<FloatPrimitives> primitives() {
        return Stream.of(ScalarFloatPrimitives.INSTANCE, VectorFloatPrimitives.of(FloatVector.SPECIES_128),
                VectorFloatPrimitives.of(FloatVector.SPECIES_256), VectorFloatPrimitives.of(FloatVector.SPECIES_512));
    }

    static Tensor random(long seed, float scale, int... shape) {
        Random r = new Random(seed);
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    private static Tensor positive(long seed, int... shape) {
        Tensor t = random(seed, 1, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]) + 0.1f;
        }
        return t;
    }

    /** Runs a kernel built by {@code make} with the given primitives and with the reference path (null). */
    private static void compare(Function<FloatPrimitives, Kernel> make, FloatPrimitives p, int outputs,
                                Tensor... inputs) {
        Tensor[] want = run(make.apply(null), outputs, inputs);
        Tensor[] got = run(make.apply(p), outputs, inputs);
        for (int i = 0; i < outputs; i++) {
            TensorAssert.assertClose(want[i], got[i], RTOL, ATOL);
        }
    }

    static Tensor[] run(Kernel k, int outputs, Tensor... inputs) {
        boolean[] used = new boolean[outputs];
        Arrays.fill(used, true);
        ArrayKernelContext ctx = new ArrayKernelContext(inputs, used);
        k.execute(ctx);
        Tensor[] out = new Tensor[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = (Tensor) ctx.output(i);
        }
        return out;
    }

    private static final int[][] SHAPES = {{1}, {7}, {3, 17}, {2, 3, 5, 13}, {1, 33}, {1000}};

    @ParameterizedTest
    @MethodSource("primitives")
    void binaryMath(FloatPrimitives p) {
        BinaryMathKernel.Fn[] fns = {BinaryMathKernel.Fn.ADD, BinaryMathKernel.Fn.SUB, BinaryMathKernel.Fn.MUL,
            BinaryMathKernel.Fn.DIV, BinaryMathKernel.Fn.MIN, BinaryMathKernel.Fn.MAX, BinaryMathKernel.Fn.PRELU};
        int[][][] pairs = {
            {{2, 3, 5, 13}, {2, 3, 5, 13}}, // equal
            {{2, 3, 5, 13}, {13}},          // row
            {{2, 3, 5, 13}, {3, 1, 1}},     // channel scalar per row
            {{1}, {4, 19}},                 // scalar left
            {{4, 19}, {}},                  // scalar right
            {{3, 1, 7}, {1, 5, 1}},         // both broadcast
        };
        for (BinaryMathKernel.Fn fn : fns) {
            for (int[][] pair : pairs) {
                Tensor a = random(1, 2, pair[0]);
                Tensor b = fn == BinaryMathKernel.Fn.DIV ? positive(2, pair[1]) : random(2, 2, pair[1]);
                BroadcastPlan plan = BroadcastPlan.of(a.dims(), b.dims());
                Tensor want = Tensor.allocate(DataType.FLOAT, plan.outShape);
                Tensor got = Tensor.allocate(DataType.FLOAT, plan.outShape);
                BinaryMathKernel.compute(fn, a, b, want, plan, null);
                BinaryMathKernel.compute(fn, a, b, got, plan, p);
                TensorAssert.assertClose(want, got, 0, 0);
            }
        }
        // The kernel entry point uses this JVM's tier.
        Tensor a = random(3, 1, 3, 9);
        Tensor b = random(4, 1, 9);
        Tensor[] out = run(new BinaryMathKernel(new BinaryMath(BinaryMath.Kind.ADD, null)), 1, a, b);
        for (int i = 0; i < 27; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(a.floatData()[i] + b.floatData()[i % 9], out[0].floatData()[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void unaryMathAndActivations(FloatPrimitives p) {
        UnaryMath.Kind[] kinds = {UnaryMath.Kind.RELU, UnaryMath.Kind.NEG, UnaryMath.Kind.RECIPROCAL,
            UnaryMath.Kind.EXP, UnaryMath.Kind.SIGMOID, UnaryMath.Kind.TANH, UnaryMath.Kind.ERF,
            UnaryMath.Kind.HARD_SWISH, UnaryMath.Kind.SQRT};
        for (int[] shape : SHAPES) {
            Tensor x = random(5, 3, shape);
            for (UnaryMath.Kind k : kinds) {
                Tensor in = k == UnaryMath.Kind.SQRT ? positive(6, shape) : x;
                compare(q -> new UnaryMathKernel(new UnaryMath(k), q), p, 1, in);
            }
            compare(q -> new ActivationKernel(new Activation(Activation.Kind.HARD_SIGMOID, 0.2f, 0.5f), q), p, 1, x);
            compare(q -> new ActivationKernel(new Activation(Activation.Kind.LEAKY_RELU, 0.1f, 0f), q), p, 1, x);
            compare(q -> new ActivationKernel(new Activation(Activation.Kind.GELU, 0f, 0f), q), p, 1, x);
            compare(q -> new ClipKernel(new Clip(false, -0.5f, 1.5f), q), p, 1, x);
            compare(q -> new ClipKernel(new Clip(true, 0f, 0f), q), p, 1, x, Tensor.of(new float[] {-1f}),
                    Tensor.of(new float[] {0.25f}));
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void softmax(FloatPrimitives p) {
        for (int[] shape : SHAPES) {
            Tensor x = random(7, 4, shape);
            for (Softmax.Kind k : Softmax.Kind.values()) {
                compare(q -> new SoftmaxKernel(new Softmax(k, -1, false), q), p, 1, x);
                compare(q -> new SoftmaxKernel(new Softmax(k, 0, true), q), p, 1, x);
                if (shape.length > 1) {
                    compare(q -> new SoftmaxKernel(new Softmax(k, 0, false), q), p, 1, x); // strided: reference
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void normalizations(FloatPrimitives p) {
        int[][] shapes = {{2, 3, 5, 13}, {1, 1, 1}, {3, 7, 1}, {2, 17, 33}};
        for (int[] shape : shapes) {
            Tensor x = random(8, 3, shape);
            int c = shape[1];
            Tensor scale = random(9, 1, c);
            Tensor bias = random(10, 1, c);
            Tensor mean = random(11, 1, c);
            Tensor var = positive(12, c);
            compare(q -> new BatchNormalizationKernel(new BatchNormalization(1e-5f, 0.9f, false), q), p, 1,
                    x, scale, bias, mean, var);
            int last = shape[shape.length - 1];
            Tensor lnScale = random(13, 1, last);
            Tensor lnBias = random(14, 1, last);
            compare(q -> new LayerNormalizationKernel(new LayerNormalization(-1, 1e-5f, DataType.FLOAT), q), p, 3,
                    x, lnScale, lnBias);
            compare(q -> new LayerNormalizationKernel(new LayerNormalization(-1, 1e-5f, DataType.FLOAT), q), p, 3,
                    x, lnScale, null);
            int[] tail = java.util.Arrays.copyOfRange(shape, 1, shape.length);
            compare(q -> new LayerNormalizationKernel(new LayerNormalization(1, 1e-3f, DataType.FLOAT), q), p, 3,
                    x, random(15, 1, tail), random(16, 1, tail));
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void reductionsAndGlobalPools(FloatPrimitives p) {
        int[][] shapes = {{2, 3, 5, 13}, {1, 1, 1}, {3, 7, 1}, {2, 17, 33}, {1, 4, 1000}};
        long[][] axesSets = {{-1}, {1, -1}, {0}, {0, 1, 2}};
        for (int[] shape : shapes) {
            Tensor x = random(17, 3, shape);
            for (Reduce.Kind k : new Reduce.Kind[] {Reduce.Kind.SUM, Reduce.Kind.MEAN, Reduce.Kind.MAX}) {
                for (long[] axes : axesSets) {
                    for (boolean keep : new boolean[] {true, false}) {
                        compare(q -> new ReduceKernel(new Reduce(k, axes, keep, false), q), p, 1, x);
                    }
                }
            }
            for (Pool.Kind k : Pool.Kind.values()) {
                compare(q -> new GlobalPoolKernel(new GlobalPool(k, 2), q), p, 1, x);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void pooling(FloatPrimitives p) {
        // kernel, stride, pad, dilation, ceil
        int[][] geoms = {{3, 1, 1, 1, 0}, {3, 2, 1, 1, 0}, {2, 2, 0, 1, 1}, {3, 1, 2, 2, 0}, {5, 3, 2, 1, 1}, {1, 1, 0, 1, 0}};
        // Rows narrow and wide; the last shape spans several row blocks of PlanePooling.
        int[][] shapes = {{1, 3, 7, 9}, {2, 2, 11, 37}, {1, 4, 5, 17}, {1, 2, 6, 70}, {1, 2, 41, 301}};
        for (int[] shape : shapes) {
            Tensor x = random(21, 2, shape);
            for (int[] gm : geoms) {
                ConvGeometry geo = new ConvGeometry(new long[] {gm[0], gm[0]}, new long[] {gm[1], gm[1]},
                        new long[] {gm[2], gm[2], gm[2], gm[2]}, new long[] {gm[3], gm[3]}, ConvGeometry.AutoPad.NOTSET);
                for (Pool.Kind k : new Pool.Kind[] {Pool.Kind.MAX, Pool.Kind.AVERAGE}) {
                    for (boolean includePad : new boolean[] {false, true}) {
                        Pool op = new Pool(k, geo, gm[4] == 1, includePad, false, 2);
                        compare(q -> new PoolKernel(op, q), p, 1, x);
                    }
                }
            }
        }
        // 1-D and 3-D windows.
        ConvGeometry g1 = new ConvGeometry(new long[] {3}, new long[] {1}, new long[] {1, 1}, new long[] {1},
                ConvGeometry.AutoPad.NOTSET);
        ConvGeometry g3 = new ConvGeometry(new long[] {2, 3, 3}, new long[] {1, 2, 1}, new long[] {0, 1, 1, 1, 1, 1},
                new long[] {1, 1, 1}, ConvGeometry.AutoPad.NOTSET);
        for (Pool.Kind k : new Pool.Kind[] {Pool.Kind.MAX, Pool.Kind.AVERAGE}) {
            compare(q -> new PoolKernel(new Pool(k, g1, false, false, false, 2), q), p, 1, random(22, 2, 2, 3, 29));
            compare(q -> new PoolKernel(new Pool(k, g3, false, true, false, 2), q), p, 1, random(23, 1, 1, 2, 4, 6, 19));
        }
        // One window per plane (AveragePool's whole-plane sums): 1-D, 2-D square and odd, 3-D, strided windows.
        int[][] whole = {{1, 1, 13}, {1, 7, 7}, {3, 5, 3}, {1, 1, 1}, {2, 3, 17}};
        for (int[] w : whole) {
            for (int rank : new int[] {1, 2, 3}) {
                int[] spatial = Arrays.copyOfRange(w, 3 - rank, 3);
                long[] kernel = Arrays.stream(spatial).asLongStream().toArray();
                long[] strides = new long[rank];
                Arrays.fill(strides, 2);
                long[] dilations = new long[rank];
                Arrays.fill(dilations, 1);
                ConvGeometry g = new ConvGeometry(kernel, strides, new long[2 * rank], dilations,
                        ConvGeometry.AutoPad.NOTSET);
                int[] shape = new int[rank + 2];
                shape[0] = 2;
                shape[1] = 5;
                System.arraycopy(spatial, 0, shape, 2, rank);
                for (boolean includePad : new boolean[] {false, true}) {
                    Pool op = new Pool(Pool.Kind.AVERAGE, g, false, includePad, false, 2);
                    compare(q -> new PoolKernel(op, q), p, 1, random(24, 2, shape));
                }
            }
        }
    }
}
