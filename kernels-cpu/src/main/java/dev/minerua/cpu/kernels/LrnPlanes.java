package dev.minerua.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 LRN across channels with beta 0.75 (AlexNet, GoogLeNet, ZFNet), a vector of positions at a time: the
 * window's squares summed in channel order (multiply, then add), then {@code x / (r * sqrt(r))} with {@code r =
 * sqrt(bias + alpha/size * sum)}; each step rounds as {@link LrnKernel}'s scalar float loop does (square roots are
 * correctly rounded either way), so the bits are the same on every tier. The last vector of a plane is loaded and
 * stored masked. Only for the vector tiers; loaded only after the tier check.
 */
abstract sealed class LrnPlanes {
    /**
     * The species comes from per-tier overrides returning a static final constant: the Vector API intrinsics
     * need a species C2 sees as a constant.
     */
    abstract VectorSpecies<Float> species();

    /** The loops for a vector tier of {@code lanes} floats; null for any other width. */
    static LrnPlanes forLanes(int lanes) {
        return switch (lanes) {
            case 4 -> V128.INSTANCE;
            case 8 -> V256.INSTANCE;
            case 16 -> V512.INSTANCE;
            default -> null;
        };
    }

    /**
     * Output plane {@code plane} (image {@code img}, channel {@code ch} of {@code c}) of {@code inner} elements:
     * the window spans channels {@code lo..hi}; {@code scale} is alpha/size.
     */
    final void plane(float[] x, float[] y, int c, int inner, int img, int ch, int lo, int hi, float scale,
                     float bias) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int base = img * c * inner;
        int off = (img * c + ch) * inner;
        FloatVector zero = FloatVector.zero(s);
        int i = 0;
        for (; i <= inner - l; i += l) {
            FloatVector sum = zero;
            for (int k = lo; k <= hi; k++) {
                FloatVector e = FloatVector.fromArray(s, x, base + k * inner + i);
                sum = sum.add(e.mul(e));
            }
            FloatVector r = sum.mul(scale).add(bias).sqrt();
            FloatVector.fromArray(s, x, off + i).div(r.mul(r.sqrt())).intoArray(y, off + i);
        }
        if (i < inner) {
            VectorMask<Float> m = s.indexInRange(i, inner);
            FloatVector sum = zero;
            for (int k = lo; k <= hi; k++) {
                FloatVector e = FloatVector.fromArray(s, x, base + k * inner + i, m);
                sum = sum.add(e.mul(e));
            }
            FloatVector r = sum.mul(scale).add(bias).sqrt();
            FloatVector.fromArray(s, x, off + i, m).div(r.mul(r.sqrt())).intoArray(y, off + i, m);
        }
    }

    private static final class V128 extends LrnPlanes {
        static final V128 INSTANCE = new V128();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_128;
        }
    }

    private static final class V256 extends LrnPlanes {
        static final V256 INSTANCE = new V256();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_256;
        }
    }

    private static final class V512 extends LrnPlanes {
        static final V512 INSTANCE = new V512();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_512;
        }
    }
}
