package dev.minerua.cpu;

import dev.minerua.backend.Backend;
import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.ir.LazyFamilies;
import dev.minerua.cpu.kernels.ControlFlowKernels;
import dev.minerua.cpu.kernels.MiscKernels;
import dev.minerua.cpu.kernels.SequenceKernels;
import dev.minerua.cpu.kernels.StringKernels;
import dev.minerua.cpu.kernels.MlKernels;
import dev.minerua.cpu.kernels.SignalKernels;
import dev.minerua.cpu.kernels.RandomKernels;
import dev.minerua.cpu.kernels.AttentionKernels;
import dev.minerua.cpu.kernels.LossKernels;
import dev.minerua.cpu.kernels.VisionKernels;
import dev.minerua.cpu.kernels.TrainingKernels;
import dev.minerua.cpu.kernels.ElementwiseKernels;
import dev.minerua.cpu.kernels.FusedKernels;
import dev.minerua.cpu.kernels.NnKernels;
import dev.minerua.cpu.kernels.QuantizationKernels;
import dev.minerua.cpu.kernels.RecurrentKernels;
import dev.minerua.cpu.kernels.ReductionKernels;
import dev.minerua.cpu.kernels.TensorKernels;

import java.util.List;

/**
 * The CPU backend: a kernel for every bound op from the families below. One backend serves one session and
 * owns that session's {@link CpuThreadPool}; factories reach it through {@link CpuCompileContext}.
 */
public final class CpuBackend implements Backend {
    private static final List<KernelFamily> FAMILIES = List.of(
            new ElementwiseKernels(),
            new NnKernels(),
            new TensorKernels(),
            new ReductionKernels(),
            new QuantizationKernels(),
            new ControlFlowKernels(),
            new RecurrentKernels(),
            new SequenceKernels(),
            new StringKernels(),
            new MlKernels(),
            new SignalKernels(),
            new RandomKernels(),
            new AttentionKernels(),
            new LossKernels(),
            new VisionKernels(),
            new TrainingKernels(),
            new MiscKernels(),
            new FusedKernels());

    /** Where the build writes {@link #indexText()} (FamilyIndexWriter), next to this class. */
    static final String INDEX = "cpu-kernels.index";

    /** Each family registers on the first lookup of an op it serves (see LazyFamilies for why). */
    private static final CpuKernelRegistry REGISTRY = new CpuKernelRegistry(FAMILIES, CpuBackend.class, INDEX);

    /** The index of the kernel families by the op record classes each registers. */
    static String indexText() {
        return LazyFamilies.indexText(FAMILIES, f -> {
            CpuKernelRegistry alone = new CpuKernelRegistry();
            f.register(alone);
            return alone.keys();
        });
    }

    /** Every kernel family, in registration order (for tests). */
    static List<KernelFamily> families() {
        return FAMILIES;
    }

    private final CpuThreadPool pool;

    /** A backend whose kernels run on the calling thread only. */
    public CpuBackend() {
        this(1);
    }

    /**
     * A backend whose kernels may use {@code intraOpThreads} threads (the caller plus a pool of daemon
     * workers, started on first use and stopped by {@link #close()}).
     */
    public CpuBackend(int intraOpThreads) {
        this.pool = intraOpThreads <= 1 ? CpuThreadPool.serial() : new CpuThreadPool(intraOpThreads);
    }

    /** This backend's intra-op pool. */
    public CpuThreadPool threadPool() {
        return pool;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceDescription() {
        return "CPU, " + Runtime.getRuntime().availableProcessors() + " hardware threads";
    }

    @Override
    public Kernel compile(CompileContext ctx) {
        CpuKernelRegistry.Entry e = REGISTRY.lookup(ctx.node().op().getClass());
        if (e == null) {
            return null;
        }
        Kernel k = e.factory().create(ctx.node().op(), new CpuCompileContext(ctx, pool));
        return e.handlesReducedPrecision() ? k : new ReducedPrecisionAdapter(k, ctx);
    }

    @Override
    public void close() {
        if (pool != CpuThreadPool.serial()) {
            pool.close();
        }
    }
}
