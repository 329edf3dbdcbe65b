package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.CpuBackend;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Sgemm fast paths of MatMul, Gemm and Conv against the reference kernels at odd sizes, with constant
 * (pre-packed) and run-time weights, compiled through a 3-thread {@link CpuBackend}.
 */
class SgemmFastPathTest {
    private static final CpuBackend BACKEND = new CpuBackend(3);
    private final Random rnd = new Random(5);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void matMulShapes() {
        int[][][] cases = {
            {{1, 1}, {1, 1}}, {{3, 7}, {7, 5}}, {{17, 33}, {33, 65}}, {{100, 31}, {31, 16}}, {{7}, {7, 15}},
            {{15, 7}, {7}}, {{2, 3, 17, 9}, {9, 31}}, {{2, 1, 5, 9}, {3, 9, 33}}, {{4, 65, 64}, {4, 64, 3}},
            {{33}, {2, 33, 17}}, {{130, 300}, {300, 70}}, {{0, 5}, {5, 3}}, {{3, 0}, {0, 4}},
            {{4, 300}, {300, 70}}, {{1, 513}, {513, 33}}, {{2, 5, 64}, {64, 100}},
        };
        for (int[][] c : cases) {
            for (boolean constB : new boolean[] {false, true}) {
                Tensor a = random(c[0]);
                Tensor b = random(c[1]);
                Tensor fast = run("MatMul", List.of(), new boolean[] {false, constB}, a, b);
                Tensor ref = execute(MatMulKernel.reference(), a, b);
                TensorAssert.assertClose(ref, fast, 1e-4, 1e-5);
            }
        }
    }

    /**
     * Attention's batched products (scores = Q·K^T, context = P·V over batch x heads), small enough to run one
     * product per task, each task packing its own run-time B: batch 1 and 3, heads 1 and 5, sequence 1, 7 and
     * 128, at 1, 2, 3 and 7 threads, twice per kernel (the kept views and packed buffers reused).
     */
    @Test
    void attentionBatchedProducts() {
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (CpuBackend backend = new CpuBackend(threads)) {
                for (int batch : new int[] {1, 3}) {
                    for (int heads : new int[] {1, 5}) {
                        for (int seq : new int[] {1, 7, 128}) {
                            int d = 24;
                            Tensor q = random(new int[] {batch, heads, seq, d});
                            Tensor kt = random(new int[] {batch, heads, d, seq});
                            Tensor v = random(new int[] {batch, heads, seq, d});
                            for (Tensor[] ab : new Tensor[][] {{q, kt}, {random(new int[] {batch, heads, seq, seq}), v}}) {
                                Tensor ref = execute(MatMulKernel.reference(), ab[0], ab[1]);
                                run(backend, "MatMul", List.of(), new boolean[] {false, false}, ab);
                                Kernel k = lastKernel;
                                for (int again = 0; again < 2; again++) {
                                    TensorAssert.assertClose(ref, execute(k, ab[0], ab[1]), 1e-4, 1e-5);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gemmVariants() {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {64, 16, 100}, {31, 2, 15}, {5, 7, 0}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (int mode = 0; mode < 8; mode++) {
                boolean ta = (mode & 1) != 0;
                boolean tb = (mode & 2) != 0;
                boolean constB = (mode & 4) != 0;
                int[][] cShapes = {null, {n}, {1, n}, {m, 1}, {m, n}, {1}, {}};
                for (int[] cs : cShapes) {
                    for (float beta : new float[] {1f, 0.5f, 0f}) {
                        List<Attribute> attrs = List.of(new Attribute("transA", Attribute.Kind.INT, ta ? 1L : 0L),
                                new Attribute("transB", Attribute.Kind.INT, tb ? 1L : 0L),
                                new Attribute("alpha", Attribute.Kind.FLOAT, 1.5f),
                                new Attribute("beta", Attribute.Kind.FLOAT, beta));
                        Tensor a = random(ta ? new int[] {k, m} : new int[] {m, k});
                        Tensor b = random(tb ? new int[] {n, k} : new int[] {k, n});
                        Tensor[] in = cs == null ? new Tensor[] {a, b} : new Tensor[] {a, b, random(cs)};
                        Tensor fast = run("Gemm", attrs, new boolean[] {false, constB, false}, in);
                        Gemm op = (Gemm) lastNode.op();
                        Tensor ref = execute(GemmKernel.reference(op), in);
                        TensorAssert.assertClose(ref, fast, 1e-4, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void convGeometries() {
        // {N, C, H, W, M, kh, kw, stride, pad, dilation, group}
        int[][] cases = {
            {1, 3, 7, 9, 5, 1, 1, 1, 0, 1, 1}, {2, 17, 5, 5, 33, 1, 1, 1, 0, 1, 1}, {1, 3, 11, 13, 16, 3, 3, 1, 1, 1, 1},
            {2, 4, 9, 7, 6, 3, 3, 2, 1, 1, 2}, {1, 5, 15, 17, 7, 5, 5, 2, 2, 2, 1}, {1, 6, 8, 8, 9, 2, 3, 1, 0, 1, 3},
            {1, 16, 20, 20, 32, 1, 1, 2, 0, 1, 1}, {1, 2, 3, 3, 65, 3, 3, 1, 1, 1, 1}, {3, 4, 6, 6, 4, 3, 3, 1, 1, 1, 4},
            // Several im2col table blocks with a ragged last panel; a gather big enough to be split over threads.
            {1, 3, 23, 19, 8, 5, 5, 1, 2, 1, 1}, {2, 8, 30, 31, 16, 3, 3, 1, 1, 1, 1}, {1, 1, 28, 28, 8, 5, 5, 1, 2, 1, 1},
            // Fewer output positions than NR and more channels: the product runs transposed.
            {1, 5, 2, 3, 40, 3, 3, 1, 1, 1, 1}, {2, 8, 1, 9, 33, 1, 3, 2, 1, 1, 1}, {1, 6, 3, 3, 12, 3, 3, 2, 1, 1, 2},
            {1, 9, 2, 2, 20, 1, 1, 1, 0, 1, 1}, {2, 4, 1, 1, 7, 1, 1, 1, 0, 1, 1},
            // Between one and two panels of positions (at NR 32) and many channels: transposed too, the positions
            // gathered into MR-row slivers of A, the last one partial (1, 6, 4 rows) or whole.
            {1, 7, 7, 7, 130, 3, 3, 1, 1, 1, 1}, {2, 5, 6, 9, 129, 1, 1, 1, 0, 1, 1}, {1, 12, 13, 13, 128, 3, 3, 2, 1, 1, 1},
            {1, 8, 6, 10, 256, 3, 3, 1, 1, 1, 2}, {1, 3, 5, 8, 160, 1, 1, 1, 0, 1, 1},
            // The same at NR 16 (24 positions) and NR 8 (12 positions), for runs with minerua.simd=256 or 128.
            {1, 6, 4, 6, 70, 3, 3, 1, 1, 1, 1}, {1, 4, 3, 4, 40, 3, 3, 1, 1, 1, 1},
            // Stride 1 on the padded grid, dilated and with pads wider than the kernel reaches.
            {1, 4, 12, 10, 6, 3, 3, 1, 2, 2, 1}, {2, 3, 9, 11, 5, 3, 2, 1, 3, 1, 1},
        };
        for (int[] c : cases) {
            for (int variant = 0; variant < 4; variant++) {
                boolean bias = (variant & 1) != 0;
                boolean constantFilter = (variant & 2) == 0; // else computed at run time: packed per run
                int groups = c[10];
                List<Attribute> attrs = List.of(
                        new Attribute("strides", Attribute.Kind.INTS, new long[] {c[7], c[7]}),
                        new Attribute("pads", Attribute.Kind.INTS, new long[] {c[8], c[8], c[8], c[8]}),
                        new Attribute("dilations", Attribute.Kind.INTS, new long[] {c[9], c[9]}),
                        new Attribute("group", Attribute.Kind.INT, (long) groups));
                Tensor x = random(new int[] {c[0], c[1], c[2], c[3]});
                Tensor w = random(new int[] {c[4], c[1] / groups, c[5], c[6]});
                Tensor[] in = bias ? new Tensor[] {x, w, random(new int[] {c[4]})} : new Tensor[] {x, w};
                Tensor fast = run("Conv", attrs, new boolean[] {false, constantFilter, bias}, in);
                if (c[1] / groups > 1) {
                    assertConvFastPath(lastKernelInner());
                }
                Tensor ref = execute(new ConvKernel((Conv) lastNode.op()), in);
                TensorAssert.assertClose(ref, fast, 1e-4, 1e-5);
            }
        }
    }

    /**
     * Conv products big enough to go parallel, at 1, 2, 3 and 7 threads: pointwise, im2col (stride 2) and
     * padded-grid geometries, each with many output panels (one region that gathers and multiplies per range
     * of panels) and with few panels but many channels (gather first, then a product split by rows too).
     */
    @Test
    void convParallelSplits() {
        // {C, H, W, M, k, stride, pad}
        int[][] cases = {
            {32, 40, 40, 24, 1, 1, 0}, {8, 41, 41, 40, 3, 2, 1}, {8, 30, 30, 16, 3, 1, 1}, {5, 33, 35, 7, 5, 1, 2},
            {256, 7, 7, 128, 1, 1, 0}, {64, 7, 7, 96, 3, 1, 1}, {48, 13, 13, 100, 3, 2, 1},
            // 7x7 outputs with many channels: the transposed product on gathered slivers of positions.
            {160, 7, 7, 160, 3, 1, 1}, {300, 14, 14, 130, 1, 2, 0},
            // Long K and many panels: each task fills and multiplies its panels a few at a time (L2-sized steps).
            {64, 40, 40, 16, 3, 1, 1}, {64, 81, 81, 24, 3, 2, 1}, {1024, 30, 30, 8, 1, 1, 0},
            // 7 panels (14x14) worth a row split at 2 threads: filled first, then multiplied split by rows.
            {112, 14, 14, 136, 3, 1, 1}, {400, 14, 14, 420, 1, 1, 0},
        };
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (CpuBackend backend = new CpuBackend(threads)) {
                for (int[] c : cases) {
                    List<Attribute> attrs = List.of(
                            new Attribute("strides", Attribute.Kind.INTS, new long[] {c[5], c[5]}),
                            new Attribute("pads", Attribute.Kind.INTS, new long[] {c[6], c[6], c[6], c[6]}));
                    Tensor x = random(new int[] {1, c[0], c[1], c[2]});
                    Tensor w = random(new int[] {c[3], c[0], c[4], c[4]});
                    Tensor b = random(new int[] {c[3]});
                    assertFastConvMatchesReference(backend, attrs, x, w, b);
                }
            }
        }
    }

    /**
     * Strided convs on the padded grid split into stride phases ({@link PhaseGrid}): odd and prime sizes, pads
     * differing on every side (some wider than the kernel reaches), strides 2 and 3 and unequal ones, dilation 2,
     * a 1x1 stride-2 conv (gathered instead), a 7x7 stride-2 stem, groups and two images, at 1, 2 and 3
     * threads (few panels: filled first; many: filled and multiplied per task).
     */
    @Test
    void stridedConvsOnThePhaseGrid() {
        // {N, C, H, W, M, kh, kw, sh, sw, dh, dw, padTop, padLeft, padBottom, padRight, group}
        int[][] cases = {
            {1, 3, 23, 29, 8, 7, 7, 2, 2, 1, 1, 3, 3, 3, 2, 1}, {2, 6, 13, 11, 10, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2},
            {1, 5, 17, 19, 7, 3, 3, 2, 2, 2, 2, 2, 1, 0, 3, 1}, {1, 8, 16, 15, 12, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1},
            {1, 4, 19, 20, 5, 3, 2, 3, 2, 1, 1, 0, 1, 2, 0, 1}, {1, 4, 11, 37, 6, 5, 3, 1, 3, 1, 2, 2, 1, 2, 4, 1},
            {2, 3, 9, 9, 4, 3, 3, 2, 2, 1, 1, 4, 4, 4, 4, 1}, {1, 16, 57, 57, 24, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1},
            {1, 3, 113, 111, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, 1},
            // Short K (at most PhaseGrid.SHORT_K: gathered), a first conv's 3 channels under 3x3 and odd M.
            {2, 3, 37, 41, 17, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0, 1}, {1, 3, 45, 47, 64, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0, 1},
            {1, 7, 30, 29, 15, 3, 3, 2, 2, 1, 1, 1, 0, 0, 1, 1}, {1, 8, 30, 29, 16, 3, 3, 2, 2, 1, 1, 1, 2, 2, 1, 1},
        };
        assertStridedCasesMatchReference(cases);
    }

    /**
     * Strided convs with a short K (at most {@link PhaseGrid#SHORT_K}: gathered into panels, stride 2 by vector
     * copies of the even elements): K from 3 to 64, strides 2, 3 and 4, pads 0, 1 and 3, dilation 2, planes
     * 1x1, 7x9 and one 224x224 first conv, runs cut by row ends at every offset in a panel, at 1, 2 and 3
     * threads. Run with {@code minerua.simd=scalar|128|256|512} to cover each tier's copy and panel width.
     */
    @Test
    void shortKStridedGathers() {
        // {N, C, H, W, M, kh, kw, sh, sw, dh, dw, padTop, padLeft, padBottom, padRight}
        int[][] cases = {
            {1, 3, 224, 224, 8, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0}, {1, 1, 7, 9, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {1, 2, 1, 1, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, {2, 3, 30, 31, 7, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1},
            {1, 4, 29, 33, 6, 3, 3, 2, 2, 2, 2, 3, 3, 3, 3}, {1, 1, 40, 41, 9, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3},
            {1, 64, 17, 19, 10, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0}, {1, 3, 15, 16, 4, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0},
            {1, 7, 19, 18, 13, 3, 3, 2, 2, 1, 1, 1, 0, 1, 0}, {1, 3, 27, 29, 5, 3, 3, 4, 4, 1, 1, 1, 1, 1, 1},
            {1, 3, 70, 67, 16, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0}, {1, 5, 9, 75, 3, 3, 3, 2, 3, 1, 1, 3, 0, 0, 3},
        };
        assertStridedCasesMatchReference(cases);
    }

    /**
     * Stride-1 convs on the padded grid, whose tasks fill and multiply a few panels at a time in a buffer slot of
     * their own, with the padded input built by channel ranges in parallel: DenseNet's 3x3 conv
     * (128 channels, 56x56, 32 filters), prime sizes, pads differing on every side, dilation 2, two images, at
     * 1, 2, 3 and 7 threads (ranges of unequal length, more tasks than slots). The cases run
     * from the largest down, so each finds the scratch of the one before it full of stale floats: the padded
     * grid must write all of its zeros itself.
     */
    @Test
    void paddedGridRegions() {
        // {N, C, H, W, M, kh, kw, dilation, padTop, padLeft, padBottom, padRight}
        int[][] cases = {
            {1, 128, 56, 56, 32, 3, 3, 1, 1, 1, 1, 1}, {2, 19, 37, 29, 11, 3, 3, 1, 1, 2, 0, 1},
            {1, 7, 61, 13, 5, 3, 3, 1, 2, 0, 1, 3}, {1, 9, 45, 47, 17, 3, 3, 2, 2, 2, 2, 2},
            {2, 5, 23, 31, 3, 5, 3, 1, 0, 1, 3, 2}, {1, 64, 29, 31, 8, 3, 3, 1, 1, 1, 1, 1},
        };
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (CpuBackend backend = new CpuBackend(threads)) {
                for (int[] c : cases) {
                    List<Attribute> attrs = List.of(
                            new Attribute("dilations", Attribute.Kind.INTS, new long[] {c[7], c[7]}),
                            new Attribute("pads", Attribute.Kind.INTS, new long[] {c[8], c[9], c[10], c[11]}));
                    Tensor x = random(new int[] {c[0], c[1], c[2], c[3]});
                    Tensor w = random(new int[] {c[4], c[1], c[5], c[6]});
                    Tensor b = random(new int[] {c[4]});
                    assertFastConvMatchesReference(backend, attrs, x, w, b);
                }
            }
        }
    }

    /**
     * Grouped pointwise convs (ShuffleNet's), whose groups run in one parallel region when the whole conv is
     * worth several threads: odd group counts and sizes, few and many panels, with bias, and as FusedConv with
     * a residual and ReLU, at 1, 2, 3 and 7 threads.
     */
    @Test
    void groupedPointwiseConvs() {
        // {N, C, H, W, M, group}
        int[][] cases = {
            {1, 136, 28, 28, 136, 4}, {2, 93, 29, 23, 63, 3}, {1, 35, 61, 43, 70, 5}, {1, 544, 7, 7, 544, 4},
            {1, 24, 56, 56, 112, 4}, {1, 66, 13, 11, 198, 6},
        };
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (CpuBackend backend = new CpuBackend(threads)) {
                for (int[] c : cases) {
                    List<Attribute> attrs = List.of(new Attribute("group", Attribute.Kind.INT, (long) c[5]));
                    Tensor x = random(new int[] {c[0], c[1], c[2], c[3]});
                    Tensor w = random(new int[] {c[4], c[1] / c[5], 1, 1});
                    Tensor b = random(new int[] {c[4]});
                    Tensor ref = assertFastConvMatchesReference(backend, attrs, x, w, b);

                    Tensor r = random(ref.dims());
                    List<Attribute> fusedAttrs = List.of(attrs.get(0),
                            new Attribute("activation", Attribute.Kind.STRING, "Relu"));
                    lastNode = KernelTestHarness.bindNode("dev.minerua", "FusedConv", 1, fusedAttrs,
                            new boolean[] {false, true, true, false}, x, w, b, r);
                    Tensor fused = execute(backend.compile(new NodeCompileContext(lastNode)), x, w, b, r);
                    float[] e = ref.floatData().clone();
                    for (int i = 0; i < e.length; i++) {
                        e[i] = Math.max(0f, e[i] + r.floatData()[i]);
                    }
                    TensorAssert.assertClose(Tensor.wrap(DataType.FLOAT, ref.dims(), e), fused, 1e-4, 1e-4);
                }
            }
        }
    }

    /**
     * Runs Conv (constant W and B) on {@code backend}'s fast path, checks that it took it, and compares the result
     * with the reference Conv kernel's, which it returns.
     */
    private Tensor assertFastConvMatchesReference(CpuBackend backend, List<Attribute> attrs, Tensor x, Tensor w,
                                                Tensor b) {
        Tensor fast = run(backend, "Conv", attrs, new boolean[] {false, true, true}, x, w, b);
        assertConvFastPath(lastKernelInner());
        Tensor ref = execute(new ConvKernel((Conv) lastNode.op()), x, w, b);
        TensorAssert.assertClose(ref, fast, 1e-4, 1e-4);
        return ref;
    }

    /**
     * The SGEMM kernel, or the direct kernel that small stride-1 filters get in front of it, or the register tiles
     * that pointwise convs with few input or output channels get in front of it (on AVX-512).
     */
    private static void assertConvFastPath(Object kernel) {
        if (!(kernel instanceof DirectConvKernel) && !(kernel instanceof SmallKPointwiseConv)) {
            assertInstanceOf(SgemmConvKernel.class, kernel, "fast path expected");
        }
    }

    /** float16 Conv (widened around the float32 kernel; constant weights once, at compile time) vs float32. */
    @Test
    void float16Conv() {
        List<Attribute> attrs = List.of(new Attribute("pads", Attribute.Kind.INTS, new long[] {1, 1, 1, 1}));
        Tensor x = toHalf(random(new int[] {1, 3, 9, 11}));
        Tensor w = toHalf(random(new int[] {8, 3, 3, 3}));
        Tensor b = toHalf(random(new int[] {8}));
        for (boolean constant : new boolean[] {true, false}) {
            for (int rep = 0; rep < 2; rep++) {
                Tensor fast = run("Conv", attrs, new boolean[] {false, constant, constant}, x, w, b);
                Tensor ref = execute(new ConvKernel((Conv) lastNode.op()), toFloat(x), toFloat(w), toFloat(b));
                TensorAssert.assertClose(ref, toFloat(fast), 2e-3, 2e-3);
            }
        }
    }

    private static Tensor toHalf(Tensor t) {
        Tensor h = Tensor.allocate(DataType.FLOAT16, t.dims());
        for (int i = 0; i < t.size(); i++) {
            h.shortData()[i] = HalfFloats.floatToHalf(t.floatData()[i]);
        }
        return h;
    }

    private static Tensor toFloat(Tensor h) {
        Tensor t = Tensor.allocate(DataType.FLOAT, h.dims());
        for (int i = 0; i < t.size(); i++) {
            t.floatData()[i] = HalfFloats.halfToFloat(h.shortData()[i]);
        }
        return t;
    }

    @Test
    void convTransposeGeometries() {
        // {N, C, H, W, M/group, kh, kw, stride, pad, dilation, group}
        int[][] cases = {
            {1, 3, 5, 7, 4, 3, 3, 2, 1, 1, 1}, {2, 4, 6, 5, 3, 2, 2, 2, 0, 1, 2}, {1, 17, 4, 4, 9, 1, 1, 1, 0, 1, 1},
            {1, 5, 7, 3, 2, 3, 2, 1, 1, 2, 1}, {1, 33, 3, 3, 33, 4, 4, 2, 1, 1, 1},
        };
        for (int[] c : cases) {
            for (int variant = 0; variant < 4; variant++) {
                boolean bias = (variant & 1) != 0;
                boolean constantFilter = (variant & 2) == 0; // else computed at run time: packed per run
                int groups = c[10];
                List<Attribute> attrs = List.of(
                        new Attribute("strides", Attribute.Kind.INTS, new long[] {c[7], c[7]}),
                        new Attribute("pads", Attribute.Kind.INTS, new long[] {c[8], c[8], c[8], c[8]}),
                        new Attribute("dilations", Attribute.Kind.INTS, new long[] {c[9], c[9]}),
                        new Attribute("group", Attribute.Kind.INT, (long) groups));
                Tensor x = random(new int[] {c[0], c[1], c[2], c[3]});
                Tensor w = random(new int[] {c[1], c[4], c[5], c[6]});
                Tensor[] in = bias ? new Tensor[] {x, w, random(new int[] {c[4] * groups})} : new Tensor[] {x, w};
                Tensor fast = run("ConvTranspose", attrs, new boolean[] {false, true, bias}, in);
                assertInstanceOf(SgemmConvTransposeKernel.class, lastKernelInner(), "fast path expected");
                Tensor ref = execute(new ConvTransposeKernel((ConvTranspose) lastNode.op()), in);
                TensorAssert.assertClose(ref, fast, 1e-4, 1e-5);
            }
        }
    }

    /**
     * ConvTranspose whose windows tile the output (kernel == stride, no padding): the columns are written with
     * the bias instead of added into a zeroed output, split over the backend's threads; kernels 1 to 3 and
     * different per axis, 1-D and 2-D, groups, a large case that splits, and output_padding (which no longer
     * tiles: an uncovered border row) as the control.
     */
    @Test
    void convTransposeTilingGeometries() {
        // {N, C, H, W, M/group, kh, kw, group, output padding}; H == 0 marks a 1-D case of width W
        int[][] cases = {
            {1, 24, 24, 32, 24, 2, 2, 1, 0}, {1, 24, 48, 64, 1, 2, 2, 1, 0}, {2, 6, 5, 7, 3, 2, 3, 2, 0},
            {1, 5, 3, 11, 2, 3, 3, 1, 0}, {1, 7, 1, 1, 5, 1, 1, 1, 0}, {3, 4, 0, 13, 3, 1, 2, 1, 0},
            {1, 3, 4, 5, 2, 3, 1, 1, 0}, {1, 4, 3, 5, 2, 2, 2, 1, 1},
        };
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {false, true}) {
                boolean oneD = c[2] == 0;
                int groups = c[7];
                List<Attribute> attrs = oneD
                        ? List.of(new Attribute("strides", Attribute.Kind.INTS, new long[] {c[6]}),
                                new Attribute("group", Attribute.Kind.INT, (long) groups))
                        : List.of(new Attribute("strides", Attribute.Kind.INTS, new long[] {c[5], c[6]}),
                                new Attribute("output_padding", Attribute.Kind.INTS, new long[] {c[8], c[8]}),
                                new Attribute("group", Attribute.Kind.INT, (long) groups));
                Tensor x = random(oneD ? new int[] {c[0], c[1], c[3]} : new int[] {c[0], c[1], c[2], c[3]});
                Tensor w = random(oneD ? new int[] {c[1], c[4], c[6]} : new int[] {c[1], c[4], c[5], c[6]});
                Tensor[] in = bias ? new Tensor[] {x, w, random(new int[] {c[4] * groups})} : new Tensor[] {x, w};
                Tensor fast = run("ConvTranspose", attrs, new boolean[] {false, true, bias}, in);
                assertInstanceOf(SgemmConvTransposeKernel.class, lastKernelInner(), "fast path expected");
                Tensor ref = execute(new ConvTransposeKernel((ConvTranspose) lastNode.op()), in);
                TensorAssert.assertClose(ref, fast, 1e-4, 1e-5);
            }
        }
    }

    private Node lastNode;
    private Kernel lastKernel;

    /** The kernel inside the reduced-precision adapter. */
    private Kernel lastKernelInner() {
        try {
            var f = lastKernel.getClass().getDeclaredField("inner");
            f.setAccessible(true);
            return (Kernel) f.get(lastKernel);
        } catch (ReflectiveOperationException e) {
            return lastKernel;
        }
    }

    /** Compiles one node with the given inputs marked constant and runs it. */
    private Tensor run(String opType, List<Attribute> attrs, boolean[] constant, Tensor... inputs) {
        return run(BACKEND, opType, attrs, constant, inputs);
    }

    private Tensor run(CpuBackend backend, String opType, List<Attribute> attrs, boolean[] constant,
                       Tensor... inputs) {
        lastNode = KernelTestHarness.bindNode(opType, 13, attrs, constant, inputs);
        lastKernel = backend.compile(new NodeCompileContext(lastNode));
        return execute(lastKernel, inputs);
    }

    private static Tensor execute(Kernel k, Tensor... inputs) {
        Tensor[] result = new Tensor[1];
        k.execute(new KernelContext() {
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
                return 1;
            }

            @Override
            public boolean isOutputUsed(int i) {
                return true;
            }

            @Override
            public void setOutput(int i, OnnxValue value) {
                result[i] = (Tensor) value;
            }

            @Override
            public Tensor allocateOutput(int i, DataType type, int... shape) {
                Tensor t = Tensor.allocate(type, shape);
                setOutput(i, t);
                return t;
            }

            @Override
            public Tensor allocate(DataType type, int... shape) {
                Tensor t = Tensor.allocate(type, shape);
                if (type == DataType.FLOAT) {
                    // Scratch (not outputs) must not rely on zero fill: poison it.
                    java.util.Arrays.fill(t.floatData(), Float.NaN);
                }
                return t;
            }

            @Override
            public OnnxValue[] runSubgraph(CompiledSubgraph subgraph, OnnxValue... in) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int intraOpThreads() {
                return 3;
            }
        });
        return result[0];
    }

    private Tensor random(int[] shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() * 2f - 1f;
        }
        return t;
    }

    /**
     * Each case {N, C, H, W, M, kh, kw, sh, sw, dh, dw, padTop, padLeft, padBottom, padRight[, group]} (group 1
     * when left out) through the fast path and the reference conv, at 1, 2 and 3 threads.
     */
    private void assertStridedCasesMatchReference(int[][] cases) {
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuBackend backend = new CpuBackend(threads)) {
                for (int[] c : cases) {
                    int group = c.length > 15 ? c[15] : 1;
                    List<Attribute> attrs = List.of(
                            new Attribute("strides", Attribute.Kind.INTS, new long[] {c[7], c[8]}),
                            new Attribute("dilations", Attribute.Kind.INTS, new long[] {c[9], c[10]}),
                            new Attribute("pads", Attribute.Kind.INTS, new long[] {c[11], c[12], c[13], c[14]}),
                            new Attribute("group", Attribute.Kind.INT, (long) group));
                    Tensor x = random(new int[] {c[0], c[1], c[2], c[3]});
                    Tensor w = random(new int[] {c[4], c[1] / group, c[5], c[6]});
                    Tensor b = random(new int[] {c[4]});
                    assertFastConvMatchesReference(backend, attrs, x, w, b);
                }
            }
        }
    }
}
