package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.Shape;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;

import java.util.List;

/**
 * Shape: the input's dims as a 1-D int64 tensor, optionally the range [start, end) of them (opset 15).
 *
 * @param start first dim (negative counts from the end)
 * @param end   one past the last dim, or null for the rank
 */
public record ShapeOf(long start, Long end) implements Op {
    static ShapeOf create(OpContext ctx) {
        if (ctx.opset() < 15) {
            return new ShapeOf(0, null);
        }
        long start = ctx.attrs().getInt("start", 0);
        Long end = ctx.attrs().has("end") ? ctx.attrs().getInt("end", 0) : null;
        return new ShapeOf(start, end);
    }

    /** The clamped [start, end) for an input of {@code rank}. */
    public int[] range(int rank) {
        return new int[] {first(rank), end(rank)};
    }

    /** The first dim reported for an input of {@code rank}: the clamped start. */
    public int first(int rank) {
        return clamp(start, rank);
    }

    /** One past the last dim reported for an input of {@code rank}: the clamped end, at least {@link #first}. */
    public int end(int rank) {
        int s = first(rank);
        return Math.max(s, end == null ? rank : clamp(end, rank));
    }

    private static int clamp(long v, int rank) {
        long a = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, a));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        Shape s = ctx.shape(0);
        if (s == null) {
            return TensorShapes.one(DataType.INT64, Shape.unknownDims(1));
        }
        int[] r = range(s.rank());
        return TensorShapes.one(DataType.INT64, Shape.of(new long[] {r[1] - r[0]}));
    }
}
