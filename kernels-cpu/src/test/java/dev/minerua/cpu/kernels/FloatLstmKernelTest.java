package dev.minerua.cpu.kernels;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Lstm;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The SGEMM LSTM against the reference kernel at awkward sizes, on every SIMD tier, with constant (packed once)
 * and run-time weights: directions, layouts, peepholes, clip, coupled gates, sequence lengths, initial states.
 */
class FloatLstmKernelTest {
    private final Random rnd = new Random(11);

    @Test
    void matchesReference() {
        // {seq, batch, input, hidden, direction (0 forward, 1 reverse, 2 both), layout}
        int[][] shapes = {
            {1, 1, 1, 1, 0, 0}, {1, 1, 128, 128, 0, 0}, {3, 2, 5, 7, 2, 0}, {4, 3, 17, 13, 1, 1}, {5, 1, 9, 33, 2, 1},
            {2, 4, 31, 3, 0, 1}, {7, 2, 3, 16, 1, 0},
        };
        int variant = 0;
        for (int[] s : shapes) {
            for (int v = 0; v < 4; v++, variant++) {
                boolean peep = (variant & 1) != 0;
                boolean clip = (variant % 3) == 1;
                boolean coupled = (variant % 5) == 2;
                boolean lens = (variant % 4) >= 2;
                boolean initial = (variant % 3) != 0;
                boolean bias = (variant % 7) != 3;
                check(s, peep, clip, coupled, lens, initial, bias);
            }
        }
    }

    private void check(int[] s, boolean peep, boolean clip, boolean coupled, boolean lens, boolean initial,
                       boolean bias) {
        int seq = s[0], batch = s[1], input = s[2], hidden = s[3], dirs = s[4] == 2 ? 2 : 1, layout = s[5];
        Tensor x = random(layout == 0 ? new int[] {seq, batch, input} : new int[] {batch, seq, input});
        Tensor w = random(dirs, 4 * hidden, input);
        Tensor r = random(dirs, 4 * hidden, hidden);
        Tensor b = bias ? random(dirs, 8 * hidden) : null;
        Tensor sl = null;
        if (lens) {
            sl = Tensor.allocate(DataType.INT32, batch);
            for (int i = 0; i < batch; i++) {
                sl.intData()[i] = i == 0 ? seq : rnd.nextInt(seq + 1);
            }
        }
        int[] state = layout == 0 ? new int[] {dirs, batch, hidden} : new int[] {batch, dirs, hidden};
        Tensor h0 = initial ? random(state) : null;
        Tensor c0 = initial ? random(state) : null;
        Tensor p = peep ? random(dirs, 3 * hidden) : null;
        Tensor[] in = {x, w, r, b, sl, h0, c0, p};
        List<Attribute> attrs = new ArrayList<>(List.of(
                new Attribute("hidden_size", Attribute.Kind.INT, (long) hidden),
                new Attribute("direction", Attribute.Kind.STRING,
                        s[4] == 0 ? "forward" : s[4] == 1 ? "reverse" : "bidirectional"),
                new Attribute("layout", Attribute.Kind.INT, (long) layout)));
        if (clip) {
            attrs.add(new Attribute("clip", Attribute.Kind.FLOAT, 0.7f));
        }
        if (coupled) {
            attrs.add(new Attribute("input_forget", Attribute.Kind.INT, 1L));
        }
        String what = java.util.Arrays.toString(s) + " peep=" + peep + " clip=" + clip + " coupled=" + coupled
                + " lens=" + lens + " initial=" + initial + " bias=" + bias;
        Node plain = bind(attrs, in, false);
        Tensor[] expected = execute(new LstmKernel((Lstm) plain.op(),
                new RecurrentRun.Constants(null, null, null)), in);
        for (boolean constant : new boolean[] {false, true}) {
            Node node = bind(attrs, in, constant);
            for (SimdTier tier : SimdTier.values()) {
                Kernel k = FloatLstmKernel.create((Lstm) node.op(), new NodeCompileContext(node),
                        () -> null, tier);
                assertInstanceOf(FloatLstmKernel.class, k, what);
                // Weights the kernel packed need not be passed (the runtime drops them).
                Tensor[] given = in.clone();
                for (int i = 1; i <= 3; i++) {
                    if (!k.readsConstantInput(i)) {
                        given[i] = null;
                    }
                }
                Tensor[] actual = execute(k, given);
                for (int o = 0; o < 3; o++) {
                    TensorAssert.assertClose(expected[o], actual[o], 1e-4, 1e-5);
                }
            }
        }
    }

    @Test
    void otherActivationsAndDoubleUseTheReference() {
        Tensor x = random(2, 1, 3);
        Tensor w = random(1, 8, 3);
        Tensor r = random(1, 8, 2);
        Kernel marker = ctx -> { };
        Node relu = bind(List.of(new Attribute("activations", Attribute.Kind.STRINGS,
                new String[] {"Relu", "Tanh", "Tanh"})), new Tensor[] {x, w, r}, true);
        assertSame(marker, FloatLstmKernel.create((Lstm) relu.op(), new NodeCompileContext(relu), () -> marker));
        Tensor xd = Tensor.allocate(DataType.DOUBLE, 2, 1, 3);
        Node dbl = bind(List.of(), new Tensor[] {xd, Tensor.allocate(DataType.DOUBLE, 1, 8, 3),
            Tensor.allocate(DataType.DOUBLE, 1, 8, 2)}, true);
        assertSame(marker, FloatLstmKernel.create((Lstm) dbl.op(), new NodeCompileContext(dbl), () -> marker));
    }

    private static Node bind(List<Attribute> attrs, Tensor[] inputs, boolean constantWeights) {
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            Value v = t == null ? null : new Value("in" + i, ValueType.tensor(t.type(), Shape.of(t.dims())));
            if (v != null && constantWeights && i >= 1 && i <= 3) {
                v.setConstant(t);
            }
            ins.add(v);
        }
        List<Value> outs = List.of(new Value("y", null), new Value("yh", null), new Value("yc", null));
        Node node = new Node("lstm", "", "LSTM", 22, ins, new ArrayList<>(outs), new Attributes(attrs));
        Graph g = new Graph("test", null);
        g.addNode(node);
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        return node;
    }

    private static Tensor[] execute(Kernel k, Tensor[] inputs) {
        ArrayKernelContext ctx = new ArrayKernelContext(inputs, new boolean[] {true, true, true});
        k.execute(ctx);
        return new Tensor[] {(Tensor) ctx.output(0), (Tensor) ctx.output(1), (Tensor) ctx.output(2)};
    }

    private Tensor random(int... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian() * 0.5f;
        }
        return t;
    }
}
