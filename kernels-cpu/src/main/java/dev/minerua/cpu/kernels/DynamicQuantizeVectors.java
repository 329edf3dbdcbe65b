package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.SimdTier;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two loops of {@link DynamicQuantizeLinearKernel#quantize} on the Vector API: the range (lanewise min and max
 * from 0, reduced at the end) and the element loop (the same divide and round-half-even trick as the scalar loop,
 * its clamps placed where they are cheaper, see {@link #quantize}), so the result is bit-identical.
 * Whole vectors only; the caller runs the scalar loop on the tail. Only for tiers whose byte vector of one lane per
 * float exists (256 and 512 bits); loaded only after the tier check.
 */
abstract sealed class DynamicQuantizeVectors {
    /**
     * The species come from per-tier overrides returning static final constants: the Vector API intrinsics need
     * a species C2 sees as a constant (one held in an instance field leaves every operation boxed and allocating).
     */
    abstract VectorSpecies<Float> fs();

    abstract VectorSpecies<Integer> is();

    abstract VectorSpecies<Byte> bs();

    /** The loops for a tier, or null where the scalar loops serve (scalar and 128-bit tiers). */
    static DynamicQuantizeVectors forTier(SimdTier tier) {
        return switch (tier) {
            case V512 -> new V512();
            case V256 -> new V256();
            default -> null;
        };
    }

    private static final class V512 extends DynamicQuantizeVectors {
        @Override
        VectorSpecies<Float> fs() {
            return FloatVector.SPECIES_512;
        }

        @Override
        VectorSpecies<Integer> is() {
            return IntVector.SPECIES_512;
        }

        @Override
        VectorSpecies<Byte> bs() {
            return ByteVector.SPECIES_128;
        }
    }

    private static final class V256 extends DynamicQuantizeVectors {
        @Override
        VectorSpecies<Float> fs() {
            return FloatVector.SPECIES_256;
        }

        @Override
        VectorSpecies<Integer> is() {
            return IntVector.SPECIES_256;
        }

        @Override
        VectorSpecies<Byte> bs() {
            return ByteVector.SPECIES_64;
        }
    }

    /** How many leading elements of {@code n} the vector loops cover. */
    int bound(int n) {
        return fs().loopBound(n);
    }

    /**
     * {@code min(0, v[0, bound))} (a NaN anywhere makes it NaN, as Math.min does). Four accumulators: a lanewise
     * min with Java's NaN and signed-zero rules is a chain of several instructions, so one accumulator would wait
     * on its own latency.
     */
    float min(float[] v, int bound) {
        VectorSpecies<Float> fs = fs();
        int step = fs.length();
        FloatVector lo0 = FloatVector.zero(fs);
        FloatVector lo1 = lo0;
        FloatVector lo2 = lo0;
        FloatVector lo3 = lo0;
        int i = 0;
        for (; i + 4 * step <= bound; i += 4 * step) {
            lo0 = lo0.min(FloatVector.fromArray(fs, v, i));
            lo1 = lo1.min(FloatVector.fromArray(fs, v, i + step));
            lo2 = lo2.min(FloatVector.fromArray(fs, v, i + 2 * step));
            lo3 = lo3.min(FloatVector.fromArray(fs, v, i + 3 * step));
        }
        for (; i < bound; i += step) {
            lo0 = lo0.min(FloatVector.fromArray(fs, v, i));
        }
        return lo0.min(lo1).min(lo2.min(lo3)).reduceLanes(VectorOperators.MIN);
    }

    /** {@code max(0, v[0, bound))} (a NaN anywhere makes it NaN, as Math.max does); as {@link #min}. */
    float max(float[] v, int bound) {
        VectorSpecies<Float> fs = fs();
        int step = fs.length();
        FloatVector hi0 = FloatVector.zero(fs);
        FloatVector hi1 = hi0;
        FloatVector hi2 = hi0;
        FloatVector hi3 = hi0;
        int i = 0;
        for (; i + 4 * step <= bound; i += 4 * step) {
            hi0 = hi0.max(FloatVector.fromArray(fs, v, i));
            hi1 = hi1.max(FloatVector.fromArray(fs, v, i + step));
            hi2 = hi2.max(FloatVector.fromArray(fs, v, i + 2 * step));
            hi3 = hi3.max(FloatVector.fromArray(fs, v, i + 3 * step));
        }
        for (; i < bound; i += step) {
            hi0 = hi0.max(FloatVector.fromArray(fs, v, i));
        }
        return hi0.max(hi1).max(hi2.max(hi3)).reduceLanes(VectorOperators.MAX);
    }

    /**
     * The element loop of {@link DynamicQuantizeLinearKernel#quantize} over {@code [0, bound)}, with the clamps
     * moved where they cost less but give the same bytes: the quotient is not clamped to the quotient limit first
     * (beyond it, {@code (t + R) - R} still lands far outside [0, 255] on the same side, and a NaN stays NaN), and
     * the final clamp to [0, 255] runs on the int lanes after the cast (the rounded value is integral, so
     * truncation is exact; the cast saturates beyond int range and turns NaN into 0, as the scalar loop's clamps
     * and cast do).
     */
    void quantize(float[] v, int bound, float scale, float zeroPoint, byte[] out) {
        VectorSpecies<Float> fs = fs();
        VectorSpecies<Integer> is = is();
        VectorSpecies<Byte> bs = bs();
        FloatVector s = FloatVector.broadcast(fs, scale);
        FloatVector zp = FloatVector.broadcast(fs, zeroPoint);
        float rounder = DynamicQuantizeLinearKernel.ROUNDER;
        for (int i = 0; i < bound; i += fs.length()) {
            FloatVector q = FloatVector.fromArray(fs, v, i).div(s).add(rounder).sub(rounder).add(zp);
            IntVector qi = (IntVector) q.convertShape(VectorOperators.F2I, is, 0);
            qi.max(0).min(255).convertShape(VectorOperators.I2B, bs, 0).reinterpretAsBytes().intoArray(out, i);
        }
    }
}
