// Data movement: strided copies (Transpose, Slice, Concat, Expand), Gather, Pad, Resize. The element type
// is -DT=<type> (float, int or uchar), float by default.

#include "storage.clh"

// meta: {rank, srcBase, dstBase, dims[rank], srcStride[rank], dstStride[rank]}; one item per element of dims.
__kernel void strided_copy(__global const T* x, __global T* y, __constant int* m) {
    int i = get_global_id(0);
    int rank = m[0];
    int rem = i;
    long s = m[1];
    long d = m[2];
    for (int k = rank - 1; k >= 0; k--) {
        int n = m[3 + k];
        int c = rem % n;
        rem /= n;
        s += (long) c * m[3 + rank + k];
        d += (long) c * m[3 + 2 * rank + k];
    }
    STORE(LOAD(x, s), y, d);
}

// meta: {count, inner, axisLen}; idx holds count indices (negative ones count from the end).
__kernel void gather(__global const T* x, __global T* y, __constant int* m, __global const int* idx) {
    int i = get_global_id(0);
    int count = m[0], inner = m[1], axisLen = m[2];
    int in = i % inner;
    int t = i / inner;
    int j = t % count;
    int o = t / count;
    int k = idx[j];
    k = clamp(k < 0 ? k + axisLen : k, 0, axisLen - 1); // the host validated constant indices; fed ones stay in bounds
    STORE(LOAD(x, ((long) o * axisLen + k) * inner + in), y, i);
}

// meta: {rank, out dims[rank], in dims[rank], padBegin[rank]}; mode -DPAD_CONSTANT, -DPAD_EDGE, -DPAD_WRAP
// or -DPAD_REFLECT.
__kernel void pad(__global const T* x, __global T* y, __constant int* m, const float value) {
    int i = get_global_id(0);
    int rank = m[0];
    int rem = i;
    long src = 0;
    long stride = 1;
    for (int k = rank - 1; k >= 0; k--) {
        int n = m[1 + k];
        int in = m[1 + rank + k];
        int c = rem % n - m[1 + 2 * rank + k];
        rem /= n;
#if defined(PAD_CONSTANT)
        if (c < 0 || c >= in) {
            STORE((TV) value, y, i);
            return;
        }
#elif defined(PAD_EDGE)
        c = clamp(c, 0, in - 1);
#elif defined(PAD_WRAP)
        c = ((c % in) + in) % in;
#else
        if (in == 1) {
            c = 0;
        } else {
            if (c < 0) c = -c;
            if (c >= in) c = 2 * (in - 1) - c;
        }
#endif
        src += c * stride;
        stride *= in;
    }
    STORE(LOAD(x, src), y, i);
}

// Resize as a sum over per-axis taps (the tap tables are built on the host, see ResizeLowering).
// m: {rank, out dims[rank], in strides[rank], taps[rank], table offset in m[rank], extrapolation (float bits),
// tables}; axis d's table holds for each output coordinate o and tap k the pair at
// m[offset[d] + 2 * (o * taps[d] + k)]: the input index (-1: outside the input, giving the extrapolation value)
// and the weight's float bits. Rank is at most 8.
__kernel void resize(__global const T* x, __global T* y, __constant int* m) {
    int i = get_global_id(0);
    int rank = m[0];
    __constant int* outDims = m + 1;
    __constant int* inStr = m + 1 + rank;
    __constant int* taps = m + 1 + 2 * rank;
    __constant int* tab = m + 1 + 3 * rank;
    float extrapolation = as_float(m[1 + 4 * rank]);
    int coord[8];
    int rem = i;
    int combos = 1;
    for (int d = rank - 1; d >= 0; d--) {
        coord[d] = rem % outDims[d];
        rem /= outDims[d];
        combos *= taps[d];
    }
    float acc = 0.0f;
    for (int c = 0; c < combos; c++) {
        int q = c;
        long off = 0;
        float w = 1.0f;
        for (int d = rank - 1; d >= 0; d--) {
            int k = q % taps[d];
            q /= taps[d];
            __constant int* e = m + tab[d] + 2 * (coord[d] * taps[d] + k);
            if (e[0] < 0) {
                STORE((TV) extrapolation, y, i);
                return;
            }
            off += (long) e[0] * inStr[d];
            w *= as_float(e[1]);
        }
        if (w != 0.0f) {
            acc += w * (float) LOAD(x, off);
        }
    }
    STORE((TV) acc, y, i);
}
