package dev.minerua.tensor;

import dev.minerua.error.TensorSizeException;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * A dense tensor: an element type, a shape and one Java array holding the elements in row-major order.
 *
 * <p>Factories copy nothing unless they say so: {@link #of(float[], long...)} wraps the caller's array.
 * Accessors named {@code asXxx()} return fresh copies (safe to keep); the {@code xxxData()} accessors
 * return the backing array itself and exist for kernels, which must treat input tensors as read-only.
 *
 * <p>A tensor loaded from a model may still be a <em>view</em> of the model's bytes ({@link #viewOf}): its elements
 * stay in their little-endian file form (a slice of the memory-mapped file) until something asks for the array, which
 * is then decoded once and kept ({@link #isMaterialized}). Kernels that only copy elements ({@link #copySlots}) or
 * repack them once ({@link #transientData}) never make that array.
 *
 * <p>A tensor is not synchronized (only a view's one-time decoding is). Tensors returned by a session run are owned
 * by the caller.
 */
public final class Tensor implements OnnxValue {
    /** Hard ceiling of array slots in one tensor: Java arrays are int-indexed. */
    public static final long MAX_SLOTS = Integer.MAX_VALUE - 16;

    private final DataType type;
    private final int[] shape;
    /** The elements; null while the tensor is a view not yet decoded ({@link #raw} then holds them). */
    private final Object data;
    /** The undecoded file form of the elements, or null for a tensor made from an array. */
    private final RawView raw;
    private final int size;

    private Tensor(DataType type, int[] shape, Object data) {
        this(type, shape, data, null);
    }

    private Tensor(DataType type, int[] shape, Object data, RawView raw) {
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.raw = raw;
        this.size = (int) elementCount(shape);
        int expected = size * type.slotsPerElement();
        if (raw == null && arrayLength(data) != expected) {
            throw new IllegalArgumentException("a " + type + " tensor of shape " + Arrays.toString(shape)
                    + " needs " + expected + " array slots but the array has " + arrayLength(data));
        }
    }

    // ---- construction -------------------------------------------------------------------------

    /** A zero-filled tensor. */
    public static Tensor allocate(DataType type, int... shape) {
        int[] dims = shape.clone();
        long slots = elementCount(dims) * type.slotsPerElement();
        if (slots > MAX_SLOTS) {
            throw new TensorSizeException("a " + type + " tensor of shape " + Arrays.toString(dims)
                    + " has " + slots + " elements, more than one tensor can hold (" + MAX_SLOTS + ")");
        }
        return new Tensor(type, dims, newArray(type.storage(), (int) slots));
    }

    /**
     * Wraps an existing array of the right storage kind for {@code type} (see {@link DataType}).
     * The array is not copied.
     */
    public static Tensor wrap(DataType type, int[] shape, Object array) {
        if (storageOf(array) != type.storage()) {
            throw new IllegalArgumentException(type + " is stored in a " + type.storage()
                    + " array, not " + array.getClass().getSimpleName());
        }
        return new Tensor(type, shape.clone(), array);
    }

    public static Tensor of(float[] data, long... shape) {
        return new Tensor(DataType.FLOAT, toIntShape(shape), data);
    }

    public static Tensor of(double[] data, long... shape) {
        return new Tensor(DataType.DOUBLE, toIntShape(shape), data);
    }

    public static Tensor of(long[] data, long... shape) {
        return new Tensor(DataType.INT64, toIntShape(shape), data);
    }

    public static Tensor of(int[] data, long... shape) {
        return new Tensor(DataType.INT32, toIntShape(shape), data);
    }

    public static Tensor of(short[] data, long... shape) {
        return new Tensor(DataType.INT16, toIntShape(shape), data);
    }

    public static Tensor of(byte[] data, long... shape) {
        return new Tensor(DataType.INT8, toIntShape(shape), data);
    }

    public static Tensor ofUnsigned(byte[] data, long... shape) {
        return new Tensor(DataType.UINT8, toIntShape(shape), data);
    }

    public static Tensor of(boolean[] data, long... shape) {
        return new Tensor(DataType.BOOL, toIntShape(shape), data);
    }

    public static Tensor of(String[] data, long... shape) {
        return new Tensor(DataType.STRING, toIntShape(shape), data);
    }

    /** A float16 tensor from float values, each rounded to the nearest half. */
    public static Tensor ofFloat16(float[] values, long... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = HalfFloats.floatToHalf(values[i]);
        }
        return new Tensor(DataType.FLOAT16, toIntShape(shape), bits);
    }

    /** A float16 tensor from raw IEEE half bits. */
    public static Tensor ofFloat16Bits(short[] bits, long... shape) {
        return new Tensor(DataType.FLOAT16, toIntShape(shape), bits);
    }

    /** A scalar (rank 0) float tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** A scalar (rank 0) int64 tensor. */
    public static Tensor scalar(long value) {
        return of(new long[] {value});
    }

    /** A float tensor copied from the buffer's remaining elements. */
    public static Tensor of(FloatBuffer buffer, long... shape) {
        float[] a = new float[buffer.remaining()];
        buffer.duplicate().get(a);
        return of(a, shape);
    }

    public static Tensor of(DoubleBuffer buffer, long... shape) {
        double[] a = new double[buffer.remaining()];
        buffer.duplicate().get(a);
        return of(a, shape);
    }

    public static Tensor of(LongBuffer buffer, long... shape) {
        long[] a = new long[buffer.remaining()];
        buffer.duplicate().get(a);
        return of(a, shape);
    }

    public static Tensor of(IntBuffer buffer, long... shape) {
        int[] a = new int[buffer.remaining()];
        buffer.duplicate().get(a);
        return of(a, shape);
    }

    public static Tensor of(ShortBuffer buffer, long... shape) {
        short[] a = new short[buffer.remaining()];
        buffer.duplicate().get(a);
        return of(a, shape);
    }

    /**
     * A tensor of any fixed-width type decoded from little-endian packed bytes (the ONNX {@code raw_data} layout);
     * sub-byte types are packed low nibble first.
     */
    public static Tensor fromBytes(DataType type, long[] shape, ByteBuffer bytes) {
        return RawData.decode(type, toIntShape(shape), bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * A tensor whose elements stay in {@code bytes} (position to limit, the ONNX {@code raw_data} layout) until an
     * array is asked for; the bytes must not change while the tensor lives. Types without a fixed-width form (bool,
     * sub-byte types) are decoded at once, as by {@link #fromBytes}.
     */
    public static Tensor viewOf(DataType type, long[] shape, ByteBuffer bytes) {
        int[] dims = toIntShape(shape);
        if (!RawView.hasViewForm(type)) {
            return RawData.decode(type, dims, bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        }
        RawView view = RawView.of(type, (int) (elementCount(dims) * type.slotsPerElement()), bytes);
        return new Tensor(type, dims, null, view);
    }

    // ---- shape --------------------------------------------------------------------------------

    public DataType type() {
        return type;
    }

    /** The shape as a fresh {@code long[]}. */
    public long[] shape() {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }

    /** The backing shape array; callers must not modify it. */
    public int[] dims() {
        return shape;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements (complex numbers count once). */
    public int size() {
        return size;
    }

    /** A tensor sharing this one's data with another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        return new Tensor(type, newShape.clone(), data, raw);
    }

    // ---- raw views -----------------------------------------------------------------------------

    /** False while this tensor is a view of file bytes that nothing has decoded into an array yet. */
    public boolean isMaterialized() {
        return data != null || raw.decodedOrNull() != null;
    }

    /** True when the tensor has an undecoded file form ({@link #rawBytes}), decoded since or not. */
    public boolean isView() {
        return raw != null;
    }

    /** The elements in their file form (read-only, little-endian), or null for a tensor made from an array. */
    public ByteBuffer rawBytes() {
        return raw == null ? null : raw.bytes();
    }

    /** {@link #rawBytes} as a read-only memory segment (the same one on every call), or null. */
    public MemorySegment rawSegment() {
        return raw == null ? null : raw.segment();
    }

    /** The backing array if there is one now, else null (a view nothing has decoded): never decodes. */
    public Object materializedData() {
        return data != null ? data : raw.decodedOrNull();
    }

    /**
     * The elements as an array to read once (to repack a constant): the backing array when there is one, else a
     * fresh decoding of the view that this tensor does not keep, so that the repacked form is the only copy left.
     */
    public Object transientData() {
        return data != null ? data : raw.decodeUnkept();
    }

    /** {@link #transientData} of a float32 tensor. */
    public float[] transientFloatData() {
        checkStorage(DataType.Storage.FLOAT);
        return (float[]) transientData();
    }

    /**
     * Copies {@code count} array slots from slot {@code from} into {@code dst} (an array of this tensor's storage kind)
     * from slot {@code to}, reading a view's bytes directly when it has not been decoded.
     */
    public void copySlots(int from, Object dst, int to, int count) {
        Object d = materializedData();
        if (d != null) {
            System.arraycopy(d, from, dst, to, count);
        } else {
            raw.copySlots(from, dst, to, count);
        }
    }

    // ---- backing arrays for kernels -----------------------------------------------------------

    public float[] floatData() {
        return (float[]) checked(DataType.Storage.FLOAT);
    }

    public double[] doubleData() {
        return (double[]) checked(DataType.Storage.DOUBLE);
    }

    public byte[] byteData() {
        return (byte[]) checked(DataType.Storage.BYTE);
    }

    public short[] shortData() {
        return (short[]) checked(DataType.Storage.SHORT);
    }

    public int[] intData() {
        return (int[]) checked(DataType.Storage.INT);
    }

    public long[] longData() {
        return (long[]) checked(DataType.Storage.LONG);
    }

    public boolean[] booleanData() {
        return (boolean[]) checked(DataType.Storage.BOOLEAN);
    }

    public String[] stringData() {
        return (String[]) checked(DataType.Storage.STRING);
    }

    /** The backing array, whatever its kind (a view is decoded on the first call, see {@link #isMaterialized}). */
    public Object data() {
        Object d = data;
        return d != null ? d : raw.array();
    }

    // ---- element access that converts between types -------------------------------------------

    /** Element {@code i} (row-major) as a double; unsigned types read as unsigned. */
    public double getDouble(int i) {
        return ElementCodec.getDouble(type, data(), i);
    }

    /** Element {@code i} as a long; floating-point values truncate toward zero. */
    public long getLong(int i) {
        return ElementCodec.getLong(type, data(), i);
    }

    /** Stores {@code value} into element {@code i}, converting (and rounding) to this tensor's type. */
    public void setDouble(int i, double value) {
        ElementCodec.setDouble(type, data(), i, value);
    }

    /** Stores {@code value} into element {@code i}, wrapping to this tensor's integer width. */
    public void setLong(int i, long value) {
        ElementCodec.setLong(type, data(), i, value);
    }

    // ---- copies for API users -----------------------------------------------------------------

    /** The elements as a fresh float array, converting from any real numeric type. */
    public float[] asFloats() {
        if (type == DataType.FLOAT) {
            return (float[]) copyOfData();
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** The elements as a fresh double array, converting from any real numeric type. */
    public double[] asDoubles() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** The elements as a fresh long array, converting from any numeric or bool type. */
    public long[] asLongs() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** The elements as a fresh int array (values narrowed), from any integer or bool type. */
    public int[] asInts() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = (int) getLong(i);
        }
        return out;
    }

    /** The elements as a fresh short array; for float16 and bfloat16 these are the raw bits. */
    public short[] asShorts() {
        if (type.storage() == DataType.Storage.SHORT) {
            return (short[]) copyOfData();
        }
        short[] out = new short[size];
        for (int i = 0; i < size; i++) {
            out[i] = (short) getLong(i);
        }
        return out;
    }

    /** The elements as a fresh byte array; for float8 types these are the raw bits. */
    public byte[] asBytes() {
        if (type.storage() == DataType.Storage.BYTE) {
            return (byte[]) copyOfData();
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) getLong(i);
        }
        return out;
    }

    public boolean[] asBooleans() {
        return booleanData().clone();
    }

    public String[] asStrings() {
        return stringData().clone();
    }

    /** A read-only view of a float32 tensor's elements. */
    public FloatBuffer floatBuffer() {
        return FloatBuffer.wrap(floatData()).asReadOnlyBuffer();
    }

    /** A read-only view of an int64 tensor's elements. */
    public LongBuffer longBuffer() {
        return LongBuffer.wrap(longData()).asReadOnlyBuffer();
    }

    /** A copy of this tensor with its own array. */
    public Tensor copy() {
        return new Tensor(type, shape.clone(), copyOfData());
    }

    /** A fresh array of the elements (a view is decoded into it without keeping an array of its own). */
    private Object copyOfData() {
        Object d = materializedData();
        return d != null ? copyArray(d) : raw.decodeFresh();
    }

    @Override
    public String toString() {
        return "Tensor(" + type + Arrays.toString(shape) + ")";
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Product of the dimensions; throws {@link TensorSizeException} on overflow or a negative dim. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new TensorSizeException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /** Product of the dimensions, or throws {@link TensorSizeException} when it overflows a long. */
    public static long elementCount(long[] shape) {
        long n = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new TensorSizeException("negative dimension in shape " + Arrays.toString(shape));
                }
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new TensorSizeException("the element count of shape " + Arrays.toString(shape) + " overflows");
        }
        return n;
    }

    /** Narrows a long shape to int dims, rejecting negative dims and shapes larger than a tensor can hold. */
    public static int[] toIntShape(long[] shape) {
        long n = elementCount(shape);
        if (n > MAX_SLOTS) {
            throw new TensorSizeException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than one tensor can hold (" + MAX_SLOTS + ")");
        }
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = (int) shape[i];
        }
        return out;
    }

    private Object checked(DataType.Storage expected) {
        checkStorage(expected);
        return data();
    }

    private void checkStorage(DataType.Storage expected) {
        if (type.storage() != expected) {
            throw new IllegalStateException("a " + type + " tensor is stored as " + type.storage()
                    + ", not " + expected);
        }
    }

    static Object newArray(DataType.Storage storage, int length) {
        return switch (storage) {
            case FLOAT -> new float[length];
            case DOUBLE -> new double[length];
            case BYTE -> new byte[length];
            case SHORT -> new short[length];
            case INT -> new int[length];
            case LONG -> new long[length];
            case BOOLEAN -> new boolean[length];
            case STRING -> {
                String[] s = new String[length];
                Arrays.fill(s, "");
                yield s;
            }
        };
    }

    private static DataType.Storage storageOf(Object array) {
        return switch (array) {
            case float[] a -> DataType.Storage.FLOAT;
            case double[] a -> DataType.Storage.DOUBLE;
            case byte[] a -> DataType.Storage.BYTE;
            case short[] a -> DataType.Storage.SHORT;
            case int[] a -> DataType.Storage.INT;
            case long[] a -> DataType.Storage.LONG;
            case boolean[] a -> DataType.Storage.BOOLEAN;
            case String[] a -> DataType.Storage.STRING;
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    private static int arrayLength(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }

    private static Object copyArray(Object array) {
        return switch (array) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case byte[] a -> a.clone();
            case short[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            case String[] a -> a.clone();
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }
}
