package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.SimdTier;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two loops of {@link DynamicQuantizeLinearKernel#quantize} on the Vector API: the range (lanewise min and max
 * from 0, reduced at the end) and the element loop, operation for operation as the scalar loop computes them
 * (the same divide, clamps and round-half-even trick, the same NaN-to-0 cast), so the result is bit-identical.
 * Whole vectors only; the caller runs the scalar loop on the tail. Only for tiers whose byte vector of one lane per
 * float exists (256 and 512 bits); loaded only after the tier check.
 */
final class DynamicQuantizeVectors {
    private final VectorSpecies<Float> fs;
    private final VectorSpecies<Integer> is;
    private final VectorSpecies<Byte> bs;

    private DynamicQuantizeVectors(VectorSpecies<Float> fs, VectorSpecies<Integer> is, VectorSpecies<Byte> bs) {
        this.fs = fs;
        this.is = is;
        this.bs = bs;
    }

    /** The loops for a tier, or null where the scalar loops serve (scalar and 128-bit tiers). */
    static DynamicQuantizeVectors forTier(SimdTier tier) {
        return switch (tier) {
            case V512 -> new DynamicQuantizeVectors(FloatVector.SPECIES_512, IntVector.SPECIES_512,
                    ByteVector.SPECIES_128);
            case V256 -> new DynamicQuantizeVectors(FloatVector.SPECIES_256, IntVector.SPECIES_256,
                    ByteVector.SPECIES_64);
            default -> null;
        };
    }

    /** How many leading elements of {@code n} the vector loops cover. */
    int bound(int n) {
        return fs.loopBound(n);
    }

    /** {@code min(0, v[0, bound))} (a NaN anywhere makes it NaN, as Math.min does). */
    float min(float[] v, int bound) {
        FloatVector lo = FloatVector.zero(fs);
        for (int i = 0; i < bound; i += fs.length()) {
            lo = lo.min(FloatVector.fromArray(fs, v, i));
        }
        return lo.reduceLanes(VectorOperators.MIN);
    }

    /** {@code max(0, v[0, bound))} (a NaN anywhere makes it NaN, as Math.max does). */
    float max(float[] v, int bound) {
        FloatVector hi = FloatVector.zero(fs);
        for (int i = 0; i < bound; i += fs.length()) {
            hi = hi.max(FloatVector.fromArray(fs, v, i));
        }
        return hi.reduceLanes(VectorOperators.MAX);
    }

    /** The element loop of {@link DynamicQuantizeLinearKernel#quantize} over {@code [0, bound)}. */
    void quantize(float[] v, int bound, float scale, float zeroPoint, byte[] out) {
        FloatVector s = FloatVector.broadcast(fs, scale);
        FloatVector zp = FloatVector.broadcast(fs, zeroPoint);
        float limit = DynamicQuantizeLinearKernel.QUOTIENT_LIMIT;
        float rounder = DynamicQuantizeLinearKernel.ROUNDER;
        for (int i = 0; i < bound; i += fs.length()) {
            FloatVector t = FloatVector.fromArray(fs, v, i).div(s).min(limit).max(-limit);
            FloatVector q = t.add(rounder).sub(rounder).add(zp).min(255f).max(0f);
            q.convertShape(VectorOperators.F2I, is, 0).convertShape(VectorOperators.I2B, bs, 0)
                    .reinterpretAsBytes().intoArray(out, i);
        }
    }
}
