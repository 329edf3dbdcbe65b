package dev.minerua.cpu.kernels;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.CpuBackend;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.ir.Attribute;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Kernels that remember what they derive from shapes ({@link ShapeMemo}) or constant parameters: one compiled
 * kernel fed two input shapes alternately, and from two threads at once, must give bit for bit what a freshly
 * compiled kernel gives for each shape.
 */
class ShapeMemoKernelsTest {
    private static final CpuBackend BACKEND = new CpuBackend(2);
    private final Random rnd = new Random(11);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void memoKeepsOneEntryAndRejectsOtherShapes() {
        ShapeMemo<String> memo = new ShapeMemo<>();
        int[] a = {1, 3, 5};
        assertNull(memo.get(a, null));
        assertEquals("a", memo.put(a, null, "a"));
        a[2] = 6; // the memo copied its key
        assertNull(memo.get(a, null));
        assertEquals("a", memo.get(new int[] {1, 3, 5}, null));
        assertNull(memo.get(new int[] {1, 3, 5}, new int[] {2}));
        memo.put(new int[] {2}, new int[] {4}, "b");
        assertEquals("b", memo.get(new int[] {2}, new int[] {4}));
        assertNull(memo.get(new int[] {1, 3, 5}, null));
    }

    @Test
    void conv() throws Exception {
        Tensor w = random(6, 3, 3, 3);
        Tensor b = random(6);
        List<Attribute> attrs = List.of(new Attribute("pads", Attribute.Kind.INTS, new long[] {1, 1, 1, 1}));
        check("Conv", attrs, new boolean[] {false, true, true}, new Tensor[] {random(1, 3, 9, 7), w, b},
                new Tensor[] {random(2, 3, 5, 11), w, b});
        Tensor dw = random(4, 1, 3, 3);
        List<Attribute> depthwise = List.of(new Attribute("group", Attribute.Kind.INT, 4L));
        check("Conv", depthwise, new boolean[] {false, true, false}, new Tensor[] {random(1, 4, 6, 6), dw, null},
                new Tensor[] {random(1, 4, 9, 5), dw, null});
    }

    @Test
    void poolingReductionAndNormalization() throws Exception {
        List<Attribute> pool = List.of(new Attribute("kernel_shape", Attribute.Kind.INTS, new long[] {2, 2}));
        check("MaxPool", pool, new boolean[] {false}, new Tensor[] {random(1, 2, 6, 6)},
                new Tensor[] {random(1, 3, 7, 5)});
        List<Attribute> axes = List.of(new Attribute("axes", Attribute.Kind.INTS, new long[] {-1}));
        check("ReduceMean", axes, new boolean[] {false}, new Tensor[] {random(3, 17)}, new Tensor[] {random(5, 2, 9)});
        Tensor scale = random(4);
        Tensor bias = random(4);
        Tensor mean = random(4);
        Tensor var = positive(4);
        check("BatchNormalization", List.of(), new boolean[] {false, true, true, true, true},
                new Tensor[] {random(1, 4, 3, 3), scale, bias, mean, var},
                new Tensor[] {random(2, 4, 5), scale, bias, mean, var});
        Tensor g = random(8);
        Tensor beta = random(8);
        List<Attribute> lastAxis = List.of(new Attribute("axis", Attribute.Kind.INT, -1L));
        checkAt(17, "LayerNormalization", lastAxis, new boolean[] {false, true, true},
                new Tensor[] {random(3, 8), g, beta}, new Tensor[] {random(2, 5, 8), g, beta});
    }

    @Test
    void broadcastAndMovement() throws Exception {
        Tensor bias = random(5);
        check("Add", List.of(), new boolean[] {false, false}, new Tensor[] {random(3, 5), bias},
                new Tensor[] {random(2, 7, 5), bias});
        List<Attribute> perm = List.of(new Attribute("perm", Attribute.Kind.INTS, new long[] {2, 0, 1}));
        check("Transpose", perm, new boolean[] {false}, new Tensor[] {random(2, 3, 4)},
                new Tensor[] {random(5, 1, 3)});
        Tensor starts = Tensor.of(new long[] {1, 0}, 2);
        Tensor ends = Tensor.of(new long[] {4, 100}, 2);
        Tensor axes = Tensor.of(new long[] {0, -1}, 2);
        Tensor steps = Tensor.of(new long[] {2, 3}, 2);
        check("Slice", List.of(), new boolean[] {false, true, true, true, true},
                new Tensor[] {random(5, 8), starts, ends, axes, steps},
                new Tensor[] {random(6, 2, 11), starts, ends, axes, steps});
        List<Attribute> concat = List.of(new Attribute("axis", Attribute.Kind.INT, -1L));
        check("Concat", concat, new boolean[] {false, false, false},
                new Tensor[] {random(3, 2), random(3, 1), random(3, 5)},
                new Tensor[] {random(4, 4, 3), random(4, 4, 1), random(4, 4, 2)});
    }

    @Test
    void dequantizeAndResize() throws Exception {
        Tensor scale = Tensor.of(new float[] {0.5f, 0.25f, 2f}, 3);
        Tensor zp = Tensor.wrap(DataType.INT8, new int[] {3}, new byte[] {1, -2, 3});
        List<Attribute> axis = List.of(new Attribute("axis", Attribute.Kind.INT, 1L));
        check("DequantizeLinear", axis, new boolean[] {false, true, true},
                new Tensor[] {bytes(2, 3, 4), scale, zp}, new Tensor[] {bytes(1, 3, 7), scale, zp});
        Tensor scales = Tensor.of(new float[] {1f, 1f, 2f, 2f}, 4);
        List<Attribute> nearest = List.of(new Attribute("mode", Attribute.Kind.STRING, "nearest"));
        checkAt(13, "Resize", nearest, new boolean[] {false, true, true},
                new Tensor[] {random(1, 2, 3, 3), Tensor.of(new float[0], 0), scales},
                new Tensor[] {random(1, 1, 4, 5), Tensor.of(new float[0], 0), scales});
    }

    @Test
    void gemmOperandsAndSoftmaxTails() throws Exception {
        Tensor w1 = random(6, 3, 1, 1);
        Tensor b6 = random(6);
        // 1x1 convolution (B packed from X on every call) and the narrow path (fewer positions than NR).
        check("Conv", List.of(), new boolean[] {false, true, true}, new Tensor[] {random(1, 3, 5, 5), w1, b6},
                new Tensor[] {random(2, 3, 4, 6), w1, b6});
        check("Conv", List.of(), new boolean[] {false, true, true}, new Tensor[] {random(1, 3, 1, 2), w1, b6},
                new Tensor[] {random(2, 3, 1, 3), w1, b6});
        Tensor w3 = random(6, 3, 1, 3);
        check("Conv", List.of(), new boolean[] {false, true, true}, new Tensor[] {random(1, 3, 1, 3), w3, b6},
                new Tensor[] {random(1, 3, 1, 4), w3, b6});
        check("MatMul", List.of(), new boolean[] {false, false}, new Tensor[] {random(2, 3, 4), random(4, 5)},
                new Tensor[] {random(3, 4), random(4, 2)});
        Tensor constB = random(4, 5);
        check("MatMul", List.of(), new boolean[] {false, true}, new Tensor[] {random(2, 3, 4), constB},
                new Tensor[] {random(7, 4), constB});
        List<Attribute> last = List.of(new Attribute("axis", Attribute.Kind.INT, -1L));
        check("Softmax", last, new boolean[] {false}, new Tensor[] {random(3, 19)}, new Tensor[] {random(2, 2)});
    }

    @Test
    void viewsFollowTheirShapeInputsValues() throws Exception {
        Tensor x = random(2, 6);
        // The same data tensor with other shape values: the kept view must not be taken for it.
        check("Reshape", List.of(), new boolean[] {false, false}, new Tensor[] {x, Tensor.of(new long[] {3, 4}, 2)},
                new Tensor[] {x, Tensor.of(new long[] {4, -1}, 2)});
        check("Unsqueeze", List.of(), new boolean[] {false, false}, new Tensor[] {x, Tensor.of(new long[] {0}, 1)},
                new Tensor[] {x, Tensor.of(new long[] {-1}, 1)});
        Tensor y = random(1, 4, 1);
        check("Squeeze", List.of(), new boolean[] {false, false}, new Tensor[] {y, Tensor.of(new long[] {0}, 1)},
                new Tensor[] {y, Tensor.of(new long[] {2}, 1)});
    }

    /** A view kernel hands out the view it made last time for the same tensors, and a new one when values change. */
    @Test
    void reshapeKeepsItsLastViewUntilTheShapeValuesChange() {
        Tensor x = random(2, 6);
        Tensor shape = Tensor.of(new long[] {3, 4}, 2);
        Kernel k = compile(13, "Reshape", List.of(), new boolean[] {false, false}, new Tensor[] {x, shape});
        Tensor v = execute(k, x, shape);
        assertSame(v, execute(k, x, shape));
        shape.longData()[0] = 4;
        shape.longData()[1] = 3;
        assertArrayEquals(new int[] {4, 3}, execute(k, x, shape).dims());
        assertSame(x.floatData(), execute(k, x, shape).floatData());
    }

    private void check(String opType, List<Attribute> attrs, boolean[] constant, Tensor[] first, Tensor[] second)
            throws Exception {
        checkAt(13, opType, attrs, constant, first, second);
    }

    /**
     * Compiles one kernel on {@code first}'s types and constants, then runs it on the two input sets alternately,
     * serially and from two threads, comparing every result with a fresh kernel's result for that set.
     */
    private void checkAt(int opset, String opType, List<Attribute> attrs, boolean[] constant, Tensor[] first,
                         Tensor[] second) throws Exception {
        Tensor want1 = execute(compile(opset, opType, attrs, constant, first), first);
        Tensor want2 = execute(compile(opset, opType, attrs, constant, first), second);
        Kernel k = compile(opset, opType, attrs, constant, first);
        for (int i = 0; i < 4; i++) {
            assertBitsEqual(want1, execute(k, first), opType);
            assertBitsEqual(want2, execute(k, second), opType);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                boolean startFirst = t == 0;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        boolean useFirst = (i % 2 == 0) == startFirst;
                        assertBitsEqual(useFirst ? want1 : want2, execute(k, useFirst ? first : second), opType);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    private static void assertBitsEqual(Tensor want, Tensor got, String opType) {
        assertArrayEquals(want.dims(), got.dims(), opType + " shape");
        assertSame(want.type(), got.type(), opType + " type");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(want.getDouble(i)), Double.doubleToRawLongBits(got.getDouble(i)),
                    opType + " element " + i);
        }
    }

    private static Kernel compile(int opset, String opType, List<Attribute> attrs, boolean[] constant,
                                  Tensor[] inputs) {
        return BACKEND.compile(new NodeCompileContext(KernelTestHarness.bindNode(opType, opset, attrs, constant, inputs)));
    }

    private static Tensor execute(Kernel k, Tensor... inputs) {
        ArrayKernelContext ctx = new ArrayKernelContext(inputs, new boolean[] {true});
        k.execute(ctx);
        return (Tensor) ctx.output(0);
    }

    private Tensor random(int... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() * 2f - 1f;
        }
        return t;
    }

    private Tensor positive(int... shape) {
        Tensor t = random(shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]) + 0.1f;
        }
        return t;
    }

    private Tensor bytes(int... shape) {
        Tensor t = Tensor.allocate(DataType.INT8, shape);
        byte[] d = t.byteData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (rnd.nextInt(256) - 128);
        }
        return t;
    }
}
