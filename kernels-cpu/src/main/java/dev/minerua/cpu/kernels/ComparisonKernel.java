package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Comparison;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Reference kernel for {@link Comparison}: broadcasting comparisons and logical ops with a bool result.
 * Floating-point inputs compare as float64 (exact for float32), integers as longs, with uint64 mapped
 * to an order-preserving signed value; bool inputs support Equal/And/Or/Xor and strings Equal.
 */
final class ComparisonKernel implements Kernel {
    /** The broadcast plan of the last input shapes. */
    private final ShapeMemo<BroadcastPlan> plans = new ShapeMemo<>();
    private final Comparison op;

    ComparisonKernel(Comparison op) {
        this.op = op;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1);
        if (a.type() != b.type()) {
            throw new ExecutionException(op.kind() + ": inputs must have the same element type, got "
                    + a.type() + " and " + b.type());
        }
        int[] bShape = b.dims();
        if (op.legacy() != null) {
            try {
                bShape = op.legacy().alignB(a.dims(), b.dims());
            } catch (IllegalArgumentException e) {
                throw new ExecutionException(op.kind() + " (legacy broadcast): " + e.getMessage());
            }
        }
        BroadcastPlan plan = BroadcastPlan.of(plans, a.dims(), bShape);
        boolean[] o = ctx.allocateOutput(0, DataType.BOOL, plan.outShape).booleanData();
        DataType t = a.type();
        switch (op.kind()) {
            case AND, OR, XOR -> {
                requireType(t == DataType.BOOL, t);
                boolean[] x = a.booleanData();
                boolean[] y = b.booleanData();
                plan.forEachRow((ao, as, bo, bs, oo, n) -> boolRow(op.kind(), x, ao, as, y, bo, bs, o, oo, n));
            }
            default -> {
                if (t == DataType.BOOL) {
                    requireType(op.kind() == Comparison.Kind.EQUAL, t);
                    boolean[] x = a.booleanData();
                    boolean[] y = b.booleanData();
                    plan.forEachRow((ao, as, bo, bs, oo, n) -> boolRow(op.kind(), x, ao, as, y, bo, bs, o, oo, n));
                } else if (t == DataType.STRING) {
                    requireType(op.kind() == Comparison.Kind.EQUAL, t);
                    String[] x = a.stringData();
                    String[] y = b.stringData();
                    plan.forEachRow((ao, as, bo, bs, oo, n) -> stringEqualRow(x, ao, as, y, bo, bs, o, oo, n));
                } else if (t == DataType.FLOAT || t == DataType.DOUBLE) {
                    double[] x = t == DataType.DOUBLE ? a.doubleData() : a.asDoubles();
                    double[] y = t == DataType.DOUBLE ? b.doubleData() : b.asDoubles();
                    plan.forEachRow((ao, as, bo, bs, oo, n) -> doubleRow(op.kind(), x, ao, as, y, bo, bs, o, oo, n));
                } else if (LongLane.supports(t)) {
                    long[] x = orderedLongs(a);
                    long[] y = orderedLongs(b);
                    plan.forEachRow((ao, as, bo, bs, oo, n) -> longRow(op.kind(), x, ao, as, y, bo, bs, o, oo, n));
                } else {
                    requireType(false, t);
                }
            }
        }
    }

    private void requireType(boolean ok, DataType t) {
        if (!ok) {
            throw new ExecutionException(op.kind() + ": element type " + t + " is not supported");
        }
    }

    /** Integer elements as longs whose signed order is the element order (uint64 gets its sign bit flipped). */
    private static long[] orderedLongs(Tensor t) {
        if (t.type() != DataType.UINT64) {
            return LongLane.read(t);
        }
        long[] v = LongLane.copy(t);
        for (int i = 0; i < v.length; i++) {
            v[i] ^= Long.MIN_VALUE;
        }
        return v;
    }

    private static void doubleRow(Comparison.Kind kind, double[] a, int ao, int as, double[] b, int bo, int bs,
                                  boolean[] o, int oo, int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (kind) {
            case EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] == b[ib];
                }
            }
            case LESS -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] < b[ib];
                }
            }
            case GREATER -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] > b[ib];
                }
            }
            case LESS_OR_EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] <= b[ib];
                }
            }
            case GREATER_OR_EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] >= b[ib];
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void longRow(Comparison.Kind kind, long[] a, int ao, int as, long[] b, int bo, int bs,
                                boolean[] o, int oo, int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (kind) {
            case EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] == b[ib];
                }
            }
            case LESS -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] < b[ib];
                }
            }
            case GREATER -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] > b[ib];
                }
            }
            case LESS_OR_EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] <= b[ib];
                }
            }
            case GREATER_OR_EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] >= b[ib];
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void boolRow(Comparison.Kind kind, boolean[] a, int ao, int as, boolean[] b, int bo, int bs,
                                boolean[] o, int oo, int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (kind) {
            case AND -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] & b[ib];
                }
            }
            case OR -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] | b[ib];
                }
            }
            case XOR -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] ^ b[ib];
                }
            }
            case EQUAL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] == b[ib];
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void stringEqualRow(String[] a, int ao, int as, String[] b, int bo, int bs, boolean[] o, int oo,
                                       int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        for (int k = oo; k < end; k++, ia += as, ib += bs) {
            o[k] = a[ia].equals(b[ib]);
        }
    }
}
