package dev.minerua.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The elements of a tensor still in their little-endian file form (a slice of a memory-mapped model or external data
 * file, or of the bytes a model was parsed from), decoded into a Java array only when something asks for one.
 *
 * <p>The decoded array is made once and kept: {@link #array} may be called by two threads at once (two sessions
 * over one model, two concurrent runs reading a constant), and both then get the same array. Tensors that share
 * a view (a tensor and its reshapes) share its decoded array too.
 */
final class RawView {
    private static final ValueLayout FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final DataType type;
    private final int slots;
    /** Read-only, little-endian, position 0, exactly the elements' bytes. */
    private final ByteBuffer bytes;
    private final MemorySegment segment;
    private final ValueLayout layout;
    private volatile Object decoded;

    private RawView(DataType type, int slots, ByteBuffer bytes) {
        this.type = type;
        this.slots = slots;
        this.bytes = bytes;
        this.segment = MemorySegment.ofBuffer(bytes);
        this.layout = layout(type.storage());
    }

    /**
     * A view of {@code bytes} (position to limit) holding {@code slots} array slots of {@code type}, or null when
     * the type has no view form (strings, bools, sub-byte types: those are decoded at once).
     */
    static RawView of(DataType type, int slots, ByteBuffer bytes) {
        if (!hasViewForm(type)) {
            return null;
        }
        long need = (long) slots * layout(type.storage()).byteSize();
        if (bytes.remaining() != need) {
            throw new IllegalArgumentException("raw data for " + slots + " " + type + " slots must be " + need
                    + " bytes but is " + bytes.remaining());
        }
        return new RawView(type, slots, bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** True for the types whose raw form is one fixed-width little-endian value per array slot. */
    static boolean hasViewForm(DataType type) {
        return switch (type.storage()) {
            case FLOAT, DOUBLE, SHORT, INT, LONG -> true;
            case BYTE -> type.bitWidth() == 8;
            case BOOLEAN, STRING -> false;
        };
    }

    /** The decoded array, made on the first call and shared by every later one. */
    Object array() {
        Object d = decoded;
        if (d == null) {
            synchronized (this) {
                d = decoded;
                if (d == null) {
                    d = decode();
                    decoded = d;
                }
            }
        }
        return d;
    }

    /** The decoded array if some caller has asked for it, else null. */
    Object decodedOrNull() {
        return decoded;
    }

    /** A fresh decoded array that this view does not keep (the kept one when there already is one). */
    Object decodeUnkept() {
        Object d = decoded;
        return d != null ? d : decode();
    }

    /** A fresh array that nobody else holds. */
    Object decodeFresh() {
        return decode();
    }

    ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    MemorySegment segment() {
        return segment;
    }

    /** Copies {@code count} slots from slot {@code from} into {@code dst} (an array of this view's storage). */
    void copySlots(int from, Object dst, int to, int count) {
        MemorySegment.copy(segment, layout, from * layout.byteSize(), dst, to, count);
    }

    private Object decode() {
        Object out = Tensor.newArray(type.storage(), slots);
        copySlots(0, out, 0, slots);
        return out;
    }

    private static ValueLayout layout(DataType.Storage storage) {
        return switch (storage) {
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case SHORT -> SHORT;
            case INT -> INT;
            case LONG -> LONG;
            case BYTE -> ValueLayout.JAVA_BYTE;
            case BOOLEAN, STRING -> throw new IllegalArgumentException(storage + " has no raw view form");
        };
    }
}
