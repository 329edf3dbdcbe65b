package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.ConstantOfShape;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.Lrn;
import dev.minerua.ir.ops.Pool;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kernels that split their work over a {@link CpuThreadPool}: with 2 and 3 threads, at sizes large
 * enough to split (and awkward: primes, tails), every SIMD tier gives bit for bit the serial result, and
 * the float32 fast paths stay within tolerance of the float64 reference paths.
 */
class ParallelKernelPathsTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);
    private static final CpuThreadPool THREE = new CpuThreadPool(3);
    private static final CpuThreadPool[] POOLS = {TWO, THREE};

    @AfterAll
    static void closePools() {
        TWO.close();
        THREE.close();
    }

    private static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 2);
        }
        return t;
    }

    /** Serial vs each pool bit for bit; the reference (null primitives, serial) within tolerance. */
    private static void check(BiFunction<FloatPrimitives, CpuThreadPool, Kernel> make, FloatPrimitives p,
                              int outputs, Tensor... inputs) {
        Tensor[] serial = SimdKernelPathsTest.run(make.apply(p, CpuThreadPool.serial()), outputs, inputs);
        for (CpuThreadPool pool : POOLS) {
            Tensor[] par = SimdKernelPathsTest.run(make.apply(p, pool), outputs, inputs);
            for (int i = 0; i < outputs; i++) {
                assertArrayEquals(serial[i].dims(), par[i].dims());
                assertArrayEquals(serial[i].floatData(), par[i].floatData(), pool.threads() + " threads");
            }
        }
        Tensor[] ref = SimdKernelPathsTest.run(make.apply(null, CpuThreadPool.serial()), outputs, inputs);
        for (int i = 0; i < outputs; i++) {
            TensorAssert.assertClose(ref[i], serial[i], 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.minerua.cpu.kernels.SimdKernelPathsTest#primitives")
    void elementwise(FloatPrimitives p) {
        Tensor x = random(1, 5, 29, 31, 23);
        for (UnaryMath.Kind k : new UnaryMath.Kind[] {UnaryMath.Kind.RELU, UnaryMath.Kind.SIGMOID,
            UnaryMath.Kind.TANH, UnaryMath.Kind.EXP, UnaryMath.Kind.HARD_SWISH, UnaryMath.Kind.NEG}) {
            check((q, pool) -> new UnaryMathKernel(new UnaryMath(k), q, pool), p, 1, x);
        }
        check((q, pool) -> new ActivationKernel(new Activation(Activation.Kind.LEAKY_RELU, 0.1f, 0f), q, pool), p, 1, x);
        check((q, pool) -> new ActivationKernel(new Activation(Activation.Kind.GELU, 0f, 0f), q, pool), p, 1, x);
        check((q, pool) -> new ClipKernel(new Clip(false, 0f, 6f), q, pool), p, 1, x);
    }

    /**
     * The nearest-resize row gather split over threads: upsampling by 8 and 2 (the DB detector's), a prime
     * factor with a downsampled axis (a row map on the width), enough rows to split; the float64 path (a
     * double input) as the reference.
     */
    @Test
    void nearestResize() {
        Resize op = new Resize(Resize.Mode.NEAREST, Resize.CoordinateMode.ASYMMETRIC, Resize.NearestMode.FLOOR,
                -0.75f, false, 0f, false, null, Resize.AspectPolicy.STRETCH, null, 1, 2, 3);
        float[][] scales = {{1, 1, 8, 8}, {1, 1, 2, 2}, {1, 1, 3, 0.6f}};
        int[][] shapes = {{1, 96, 17, 4}, {2, 67, 37, 5}, {1, 131, 41, 23}};
        for (int i = 0; i < scales.length; i++) {
            Tensor x = random(40 + i, shapes[i]);
            Tensor roi = Tensor.allocate(DataType.FLOAT, 0);
            Tensor s = Tensor.of(scales[i], 4);
            Tensor xd = Tensor.allocate(DataType.DOUBLE, shapes[i]);
            for (int j = 0; j < x.size(); j++) {
                xd.doubleData()[j] = x.floatData()[j];
            }
            Tensor want = SimdKernelPathsTest.run(new ResizeKernel(op), 1, xd, roi, s)[0];
            for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                Tensor got = SimdKernelPathsTest.run(new ResizeKernel(op, pool), 1, x, roi, s)[0];
                assertArrayEquals(want.dims(), got.dims());
                for (int j = 0; j < got.size(); j++) {
                    assertEquals(want.doubleData()[j], got.floatData()[j], 0.0, pool.threads() + " threads");
                }
            }
        }
    }

    @Test
    void lrn() {
        // Null primitives stand for the float64 reference (a null pool); beta 0.75 takes square roots.
        for (Lrn op : new Lrn[] {new Lrn(1e-4f, 0.75f, 1f, 5), new Lrn(2e-3f, 0.6f, 2f, 4), new Lrn(0.5f, 0.75f, 1f, 1)}) {
            check((q, pool) -> new LrnKernel(op, q == null ? null : pool), FloatPrimitives.preferred(), 1,
                    random(3, 2, 13, 29, 31));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.minerua.cpu.kernels.SimdKernelPathsTest#primitives")
    void broadcastBinary(FloatPrimitives p) {
        int[][][] pairs = {
            {{2, 37, 29, 31}, {2, 37, 29, 31}}, // equal: one long row split inside
            {{1, 53, 41, 43}, {53, 1, 1}},      // per-channel operand
            {{7, 41, 467}, {467}},              // row operand
            {{1}, {11, 7919}},                   // scalar left
            {{101, 1, 331}, {1, 7, 331}},       // both broadcast
        };
        for (int[][] pair : pairs) {
            Tensor a = random(2, pair[0]);
            Tensor b = random(3, pair[1]);
            BroadcastPlan plan = BroadcastPlan.of(a.dims(), b.dims());
            for (BinaryMathKernel.Fn fn : new BinaryMathKernel.Fn[] {BinaryMathKernel.Fn.ADD,
                BinaryMathKernel.Fn.MUL, BinaryMathKernel.Fn.POW}) {
                Tensor want = Tensor.allocate(DataType.FLOAT, plan.outShape);
                BinaryMathKernel.compute(fn, a, b, want, plan, p);
                for (CpuThreadPool pool : POOLS) {
                    Tensor got = Tensor.allocate(DataType.FLOAT, plan.outShape);
                    BinaryMathKernel.compute(fn, a, b, got, plan, p, pool);
                    assertArrayEquals(want.floatData(), got.floatData(), fn + " " + pool.threads());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.minerua.cpu.kernels.SimdKernelPathsTest#primitives")
    void pooling(FloatPrimitives p) {
        // kernel, stride, pad, dilation, ceil
        int[][] geoms = {{3, 2, 0, 1, 1}, {3, 2, 1, 1, 0}, {3, 1, 1, 1, 0}, {2, 2, 0, 1, 0}, {5, 3, 2, 2, 1},
            {7, 1, 0, 1, 0}, {1, 2, 0, 1, 0}};
        Tensor x = random(4, 1, 37, 59, 61);
        // Many small planes: pooled several at a time, the thread ranges cutting some of them.
        Tensor small = random(7, 1, 97, 13, 11);
        for (int[] gm : geoms) {
            ConvGeometry geo = new ConvGeometry(new long[] {gm[0], gm[0]}, new long[] {gm[1], gm[1]},
                    new long[] {gm[2], gm[2], gm[2], gm[2]}, new long[] {gm[3], gm[3]}, ConvGeometry.AutoPad.NOTSET);
            for (Pool.Kind k : new Pool.Kind[] {Pool.Kind.MAX, Pool.Kind.AVERAGE}) {
                for (boolean includePad : new boolean[] {false, true}) {
                    Pool op = new Pool(k, geo, gm[4] == 1, includePad, false, 2);
                    check((q, pool) -> new PoolKernel(op, q, pool), p, 1, x);
                    check((q, pool) -> new PoolKernel(op, q, pool), p, 1, small);
                }
            }
        }
        Tensor wide = random(5, 2, 43, 13, 13);
        for (Pool.Kind k : new Pool.Kind[] {Pool.Kind.MAX, Pool.Kind.AVERAGE}) {
            check((q, pool) -> new GlobalPoolKernel(new GlobalPool(k, 2), q, pool), p, 1, x);
            check((q, pool) -> new GlobalPoolKernel(new GlobalPool(k, 2), q, pool), p, 1, wide);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.minerua.cpu.kernels.SimdKernelPathsTest#primitives")
    void normalizationSoftmaxAndDepthwise(FloatPrimitives p) {
        Tensor x = random(6, 2, 41, 29, 31);
        Tensor scale = random(7, 41);
        Tensor bias = random(8, 41);
        Tensor mean = random(9, 41);
        Tensor var = random(10, 41);
        float[] v = var.floatData();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) + 0.1f;
        }
        check((q, pool) -> new BatchNormalizationKernel(new BatchNormalization(1e-5f, 0.9f, false), q, pool), p, 1,
                x, scale, bias, mean, var);
        Tensor lnScale = random(19, 31);
        Tensor lnBias = random(20, 31);
        check((q, pool) -> new LayerNormalizationKernel(new LayerNormalization(-1, 1e-5f, DataType.FLOAT), q, pool),
                p, 3, x, lnScale, lnBias);
        Tensor rows = random(11, 37, 1009);
        check((q, pool) -> new SoftmaxKernel(new Softmax(Softmax.Kind.SOFTMAX, -1, false), q, pool), p, 1, rows);
        check((q, pool) -> new SoftmaxKernel(new Softmax(Softmax.Kind.LOG_SOFTMAX, -1, false), q, pool), p, 1, rows);
        for (int[] gm : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 2, 2}}) {
            Conv op = new Conv(new ConvGeometry(new long[] {gm[0], gm[0]}, new long[] {gm[1], gm[1]},
                    new long[] {gm[2], gm[2], gm[2], gm[2]}, new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET), 41);
            Tensor w = random(12, 41, 1, gm[0], gm[0]);
            Tensor b = random(13, 41);
            Tensor[] want = SimdKernelPathsTest.run(new ConvKernel(op), 1, x, w, b);
            Tensor serial = null;
            for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                Tensor got = SimdKernelPathsTest.run(new DepthwiseConvKernel(op, new ConvKernel(op), p, pool), 1,
                        x, w, b)[0];
                TensorAssert.assertClose(want[0], got, 1e-4, 1e-4);
                if (serial == null) {
                    serial = got;
                } else {
                    assertArrayEquals(serial.floatData(), got.floatData());
                }
            }
        }
    }

    @Test
    void sumAndConstantOfShape() {
        Tensor a = random(21, 3, 37, 41, 43);
        Tensor b = random(22, 37, 1, 1);
        Tensor c = random(23, 43);
        for (VariadicMath.Kind k : VariadicMath.Kind.values()) {
            Tensor serial = SimdKernelPathsTest.run(new VariadicMathKernel(new VariadicMath(k)), 1, a, b, c)[0];
            for (CpuThreadPool pool : POOLS) {
                Tensor got = SimdKernelPathsTest.run(new VariadicMathKernel(new VariadicMath(k), pool), 1, a, b, c)[0];
                assertArrayEquals(serial.floatData(), got.floatData(), k + " " + pool.threads());
            }
        }
        Tensor shape = Tensor.wrap(DataType.INT64, new int[] {2}, new long[] {3, 5});
        for (float v : new float[] {0f, -0f, 1.5f}) {
            Tensor out = SimdKernelPathsTest.run(LayoutKernels.constantOfShape(
                    new ConstantOfShape(Tensor.of(new float[] {v}))), 1, shape)[0];
            assertArrayEquals(new int[] {3, 5}, out.dims());
            for (float f : out.floatData()) {
                assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(f));
            }
        }
    }

    /**
     * Gather's rows spread over the pool, against rows picked by hand: an embedding lookup (axis 0, 1024 ids of
     * 384 floats, as MiniLM at batch 8), an inner axis with outer slices and negative ids, a single row; and a bad
     * id is rejected before any row is written.
     */
    @Test
    void gatherRows() {
        Object[][] cases = {{new int[] {53, 384}, 0, new int[] {8, 128}}, {new int[] {3, 41, 300}, 1, new int[] {5, 67}},
            {new int[] {7, 1}, 0, new int[] {1}}, {new int[] {2, 3, 5}, 2, new int[] {}}};
        for (Object[] c : cases) {
            int[] dims = (int[]) c[0];
            int axis = (int) c[1];
            int[] idsShape = (int[]) c[2];
            Tensor x = random(40 + axis, dims);
            Random r = new Random(7);
            Tensor ids = Tensor.allocate(DataType.INT64, idsShape);
            for (int j = 0; j < ids.size(); j++) {
                int id = r.nextInt(dims[axis]);
                ids.setLong(j, j % 3 == 1 ? id - dims[axis] : id);
            }
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= dims[d];
            }
            int inner = x.size() / outer / dims[axis];
            float[] want = new float[outer * ids.size() * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < ids.size(); j++) {
                    int id = (int) Math.floorMod(ids.getLong(j), (long) dims[axis]);
                    System.arraycopy(x.floatData(), (o * dims[axis] + id) * inner, want, (o * ids.size() + j) * inner,
                            inner);
                }
            }
            for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                GatherKernel gather = new GatherKernel(new Gather(axis), pool);
                for (int run = 0; run < 2; run++) { // the second run reuses the remembered output shape
                    Tensor got = SimdKernelPathsTest.run(gather, 1, x, ids)[0];
                    assertEquals(dims.length - 1 + idsShape.length, got.rank());
                    assertArrayEquals(want, got.floatData());
                }
            }
        }
        Tensor bad = Tensor.of(new long[] {0, 2, 53}, 3);
        assertThrows(dev.minerua.error.ExecutionException.class, () -> SimdKernelPathsTest.run(
                new GatherKernel(new Gather(0), TWO), 1, random(1, 53, 4), bad));
    }

    @Test
    void dataMovement() {
        Tensor x = random(14, 2, 3, 37, 29, 31);
        long[][] perms = {{0, 2, 1, 3, 4}, {0, 1, 3, 4, 2}, {4, 3, 2, 1, 0}, {0, 1, 2, 3, 4}, {1, 0, 2, 4, 3}};
        for (long[] perm : perms) {
            int[] strides = Broadcast.strides(x.dims());
            int[] outDims = new int[perm.length];
            int[] permStrides = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                outDims[i] = x.dim((int) perm[i]);
                permStrides[i] = strides[(int) perm[i]];
            }
            Tensor want = Tensor.allocate(DataType.FLOAT, outDims);
            ElementMoves.gather(x, want, ElementMoves.stridedMap(outDims, 0, permStrides), null);
            for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                Tensor got = SimdKernelPathsTest.run(LayoutKernels.transpose(new Transpose(perm), pool), 1, x)[0];
                assertArrayEquals(want.dims(), got.dims());
                assertArrayEquals(want.floatData(), got.floatData());
            }
        }
        // Slices with steps (negative too) against the index-map gather.
        long[][][] slices = {{{0, 1, 5, 0, 3}, {2, 3, 30, 29, 31}, {1, 1, 2, 1, 1}},
            {{1, 2, 36, 28, 30}, {-10, -10, -100, -100, -100}, {-1, -1, -3, -1, -2}}};
        for (long[][] s : slices) {
            Tensor starts = Tensor.wrap(DataType.INT64, new int[] {5}, s[0]);
            Tensor ends = Tensor.wrap(DataType.INT64, new int[] {5}, s[1]);
            Tensor axes = Tensor.wrap(DataType.INT64, new int[] {5}, new long[] {0, 1, 2, 3, 4});
            Tensor steps = Tensor.wrap(DataType.INT64, new int[] {5}, s[2]);
            Tensor serial = SimdKernelPathsTest.run(LayoutKernels.slice(new Slice(null, null, null),
                    CpuThreadPool.serial()), 1, x, starts, ends, axes, steps)[0];
            long[][] r = Slice.resolve(x.shape(), s[0], s[1], new long[] {0, 1, 2, 3, 4}, s[2]);
            int[] strides = Broadcast.strides(x.dims());
            int[] outDims = new int[5];
            int[] st = new int[5];
            int base = 0;
            for (int d = 0; d < 5; d++) {
                outDims[d] = (int) r[d][2];
                st[d] = (int) (r[d][1] * strides[d]);
                base += (int) (r[d][0] * strides[d]);
            }
            Tensor want = Tensor.allocate(DataType.FLOAT, outDims);
            ElementMoves.gather(x, want, ElementMoves.stridedMap(outDims, base, st), null);
            assertArrayEquals(want.floatData(), serial.floatData());
            for (CpuThreadPool pool : POOLS) {
                Tensor got = SimdKernelPathsTest.run(LayoutKernels.slice(new Slice(null, null, null), pool), 1,
                        x, starts, ends, axes, steps)[0];
                assertArrayEquals(want.floatData(), got.floatData());
            }
        }
        // Concat on every axis, inputs of unequal sizes.
        Tensor a = random(15, 2, 5, 37, 61);
        Tensor b = random(16, 2, 5, 37, 61);
        for (int axis = 0; axis < 4; axis++) {
            Tensor serial = SimdKernelPathsTest.run(LayoutKernels.concat(new Concat(axis), CpuThreadPool.serial()), 1,
                    a, b, a)[0];
            assertEquals(3 * a.dim(axis), serial.dim(axis));
            for (CpuThreadPool pool : POOLS) {
                Tensor got = SimdKernelPathsTest.run(LayoutKernels.concat(new Concat(axis), pool), 1, a, b, a)[0];
                assertArrayEquals(serial.floatData(), got.floatData());
            }
        }
        Tensor big = random(17, 1, 3, 197, 131);
        Tensor small = random(18, 1, 1, 197, 131);
        Tensor serial = SimdKernelPathsTest.run(LayoutKernels.concat(new Concat(1), CpuThreadPool.serial()), 1,
                big, small)[0];
        float[] s = serial.floatData();
        for (int i = 0; i < big.size(); i++) {
            assertEquals(big.floatData()[i], s[i]);
        }
        for (int i = 0; i < small.size(); i++) {
            assertEquals(small.floatData()[i], s[big.size() + i]);
        }
        for (CpuThreadPool pool : POOLS) {
            assertArrayEquals(s, SimdKernelPathsTest.run(LayoutKernels.concat(new Concat(1), pool), 1, big, small)[0]
                    .floatData());
        }
    }
}
