package dev.minerua.tensor;

/** Conversions between float32 and the 16-bit float formats (IEEE half and bfloat16), bit exact. */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16 bits to float. */
    public static float halfToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** float to IEEE 754 binary16 bits, rounding to nearest even. */
    public static short floatToHalf(float value) {
        return Float.floatToFloat16(value);
    }

    /** bfloat16 bits to float: the bits are the top half of a float32. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
    public static short floatToBfloat16(float value) {
        if (Float.isNaN(value)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(value);
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** Widens {@code src} (float16 bits, or bfloat16 bits when {@code bfloat}) into {@code dst[0, src.length)}. */
    public static void widen(short[] src, float[] dst, boolean bfloat) {
        if (bfloat) {
            for (int i = 0; i < src.length; i++) {
                dst[i] = bfloat16ToFloat(src[i]);
            }
        } else {
            for (int i = 0; i < src.length; i++) {
                dst[i] = halfToFloat(src[i]);
            }
        }
    }

    /** Narrows {@code src} to float16 bits (bfloat16 bits when {@code bfloat}) in {@code dst[0, src.length)}. */
    public static void narrow(float[] src, short[] dst, boolean bfloat) {
        narrow(src, 0, dst, 0, src.length, bfloat);
    }

    /** Narrows {@code src[from, from + n)} as {@link #narrow(float[], short[], boolean)} into {@code dst} at {@code at}. */
    public static void narrow(float[] src, int from, short[] dst, int at, int n, boolean bfloat) {
        if (bfloat) {
            for (int i = 0; i < n; i++) {
                dst[at + i] = floatToBfloat16(src[from + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[at + i] = floatToHalf(src[from + i]);
            }
        }
    }
}
