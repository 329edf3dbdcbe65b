package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A kernel followed by a channel shuffle of its output 0 ({@code FusedConv}'s {@code output_shuffle}): with C
 * channels as G blocks of J, output channel {@code j*G + g} is the inner result's channel {@code g*J + j}. The
 * general path for shuffled convolutions {@link GroupedPointwiseConvKernel} does not take: the inner kernel
 * writes into a buffer of the run, then whole planes move to their places. Any element type.
 */
final class ChannelShuffleKernel implements Kernel {
    private final Kernel inner;
    private final int groups;
    /** The part's context not in use, kept so that a run in steady state creates none. */
    private final AtomicReference<SubContext> idle = new AtomicReference<>();

    ChannelShuffleKernel(Kernel inner, int groups) {
        this.inner = inner;
        this.groups = groups;
    }

    @Override
    public boolean readsConstantInput(int input) {
        return inner.readsConstantInput(input);
    }

    @Override
    public void execute(KernelContext ctx) {
        SubContext kept = idle.getAndSet(null);
        SubContext sub = kept == null ? unmapped(ctx) : kept.refillFirstInputs(ctx);
        try {
            inner.execute(sub);
            Tensor r = sub.output(0);
            Tensor y = ctx.allocateOutput(0, r.type(), r.dims());
            shuffle(r, y, groups);
        } finally {
            sub.forget();
            idle.set(sub);
        }
    }

    /** A context passing all of {@code ctx}'s inputs and keeping the output to itself. */
    private static SubContext unmapped(KernelContext ctx) {
        Tensor[] in = new Tensor[ctx.inputCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = ctx.input(i);
        }
        return new SubContext(ctx, in, new int[] {-1});
    }

    /** Copies {@code r} ([N, C, ...]) into {@code y} of the same shape with its channels shuffled in G groups. */
    static void shuffle(Tensor r, Tensor y, int groups) {
        if (r.rank() < 2 || r.dim(1) % groups != 0) {
            throw new ExecutionException("channel shuffle of " + groups + " groups does not fit the output "
                    + Arrays.toString(r.dims()));
        }
        int n = r.dim(0);
        int c = r.dim(1);
        int plane = c == 0 || n == 0 ? 0 : (int) (r.size() / ((long) n * c));
        int per = c / groups;
        Object src = r.data();
        Object dst = y.data();
        for (int img = 0; img < n; img++) {
            int base = img * c * plane;
            for (int g = 0; g < groups; g++) {
                for (int j = 0; j < per; j++) {
                    System.arraycopy(src, base + (g * per + j) * plane, dst, base + (j * groups + g) * plane, plane);
                }
            }
        }
    }
}
