// Data movement: strided copies (Transpose, Slice, Concat, Expand), Gather, Pad.

// meta: {rank, srcBase, dstBase, dims[rank], srcStride[rank], dstStride[rank]}; one item per element of dims.
__kernel void strided_copy(__global const float* x, __global float* y, __constant int* m) {
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
    y[d] = x[s];
}

// meta: {count, inner, axisLen}; idx holds count indices (negative ones count from the end).
__kernel void gather(__global const float* x, __global float* y, __constant int* m, __global const int* idx) {
    int i = get_global_id(0);
    int count = m[0], inner = m[1], axisLen = m[2];
    int in = i % inner;
    int t = i / inner;
    int j = t % count;
    int o = t / count;
    int k = idx[j];
    k = clamp(k < 0 ? k + axisLen : k, 0, axisLen - 1); // the host validated constant indices; fed ones stay in bounds
    y[i] = x[((long) o * axisLen + k) * inner + in];
}

// meta: {rank, out dims[rank], in dims[rank], padBegin[rank]}; mode -DPAD_CONSTANT, -DPAD_EDGE or -DPAD_REFLECT.
__kernel void pad(__global const float* x, __global float* y, __constant int* m, const float value) {
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
            y[i] = value;
            return;
        }
#elif defined(PAD_EDGE)
        c = clamp(c, 0, in - 1);
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
    y[i] = x[src];
}
