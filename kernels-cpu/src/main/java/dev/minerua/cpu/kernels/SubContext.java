package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * The context a fused kernel hands to the kernel of one of its parts: chosen inputs, and outputs that are both
 * recorded (so the fused kernel can finish them) and passed on to the enclosing node's output slots where
 * mapped. Memory, limits and threads are the enclosing context's.
 */
final class SubContext implements KernelContext {
    private KernelContext outer;
    private final Tensor[] inputs;
    private final int[] outputMap;
    private final OnnxValue[] outputs;
    /** Per output, the region the part was given for it (see {@link #outputRegion}), or null. */
    private final OutputRegion[] regions;

    /**
     * @param inputs    the part's inputs (null for absent)
     * @param outputMap for each output of the part, the enclosing node's output index it is, or -1 for none
     */
    SubContext(KernelContext outer, Tensor[] inputs, int[] outputMap) {
        this.outer = outer;
        this.inputs = inputs;
        this.outputMap = outputMap;
        this.outputs = new OnnxValue[outputMap.length];
        this.regions = new OutputRegion[outputMap.length];
    }

    /** A context passing the enclosing node's inputs 0..{@code count-1} and its first output. */
    static SubContext firstInputs(KernelContext outer, int count) {
        Tensor[] in = new Tensor[count];
        for (int i = 0; i < count; i++) {
            in[i] = outer.input(i);
        }
        return new SubContext(outer, in, new int[] {0});
    }

    /**
     * Points this context, made by {@link #firstInputs} with the same count, at another call's {@code outer}:
     * its inputs 0..count-1 and no outputs yet. Lets a fused kernel keep one context for its next call.
     */
    SubContext refillFirstInputs(KernelContext outer) {
        this.outer = outer;
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = outer.input(i);
        }
        Arrays.fill(outputs, null);
        Arrays.fill(regions, null);
        return this;
    }

    /** Hands the part {@code t} as input {@code i} instead of the enclosing node's (e.g. a transformed X). */
    SubContext replaceInput(int i, Tensor t) {
        inputs[i] = t;
        return this;
    }

    /** Drops what the last call held (context, inputs, outputs), so a kept context keeps nothing alive. */
    void forget() {
        outer = null;
        Arrays.fill(inputs, null);
        Arrays.fill(outputs, null);
        Arrays.fill(regions, null);
    }

    /**
     * The region the part was given for output {@code i} when it wrote there (it set no tensor for it), else null.
     */
    OutputRegion writtenRegion(int i) {
        return outputs[i] == null ? regions[i] : null;
    }

    /** The enclosing node's region for a mapped output, noted so the fused kernel can finish it there. */
    @Override
    public OutputRegion outputRegion(int i, DataType type, int... shape) {
        OutputRegion r = outputMap[i] < 0 ? null : outer.outputRegion(outputMap[i], type, shape);
        regions[i] = r;
        return r;
    }

    /** The tensor the part set as output {@code i}. */
    Tensor output(int i) {
        return (Tensor) outputs[i];
    }

    @Override
    public int inputCount() {
        return inputs.length;
    }

    @Override
    public Tensor input(int i) {
        return i < inputs.length ? inputs[i] : null;
    }

    @Override
    public OnnxValue inputValue(int i) {
        return input(i);
    }

    @Override
    public int outputCount() {
        return outputMap.length;
    }

    @Override
    public boolean isOutputUsed(int i) {
        return outputMap[i] >= 0 && outer.isOutputUsed(outputMap[i]);
    }

    @Override
    public void setOutput(int i, OnnxValue value) {
        outputs[i] = value;
        if (outputMap[i] >= 0) {
            outer.setOutput(outputMap[i], value);
        }
    }

    @Override
    public Tensor allocate(DataType type, int... shape) {
        return outer.allocate(type, shape);
    }

    @Override
    public OnnxValue[] runSubgraph(CompiledSubgraph subgraph, OnnxValue... in) {
        return outer.runSubgraph(subgraph, in);
    }

    @Override
    public int intraOpThreads() {
        return outer.intraOpThreads();
    }
}
