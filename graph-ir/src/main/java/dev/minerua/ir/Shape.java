package dev.minerua.ir;

import java.util.ArrayList;
import java.util.List;

/** A tensor shape whose dimensions may be symbolic or unknown; the rank is always known. */
public record Shape(List<Dim> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(long... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (long s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    public static Shape of(int... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (int s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    /** A shape of the given rank with every dimension unknown. */
    public static Shape unknownDims(int rank) {
        List<Dim> d = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            d.add(Dim.unknown());
        }
        return new Shape(d);
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int i) {
        return dims.get(i);
    }

    /** True when every dimension has a known size. */
    public boolean isStatic() {
        for (Dim d : dims) { // a loop, not a stream: type inference and every pass ask this per value
            if (!d.isKnown()) {
                return false;
            }
        }
        return true;
    }

    /** The sizes of a static shape. */
    public long[] sizes() {
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            if (!dims.get(i).isKnown()) {
                throw new IllegalStateException("shape " + this + " is not static");
            }
            s[i] = dims.get(i).value();
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(dims.get(i));
        }
        return b.append(']').toString();
    }
}
