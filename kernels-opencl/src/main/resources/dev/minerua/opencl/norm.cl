// Normalizations: inference BatchNormalization, Softmax/LogSoftmax (-DLOG_SOFTMAX), LayerNormalization.
#include "storage.clh"

__kernel void batch_norm(__global const T* x, __global const T* scale, __global const T* bias,
                         __global const T* mean, __global const T* var, __global T* y,
                         const int channels, const int inner, const float epsilon) {
    int i = get_global_id(0);
    int c = (i / inner) % channels;
    STORE((LOAD(x, i) - LOAD(mean, c)) / sqrt(LOAD(var, c) + epsilon) * LOAD(scale, c) + LOAD(bias, c), y, i);
}

// One work item per (outer, inner) position; the n elements along the axis are inner apart.
__kernel void softmax(__global const T* x, __global T* y, const int n, const int inner) {
    int r = get_global_id(0);
    int o = r / inner;
    int in = r % inner;
    long base = (long) o * n * inner + in;
    float mx = -INFINITY;
    for (int i = 0; i < n; i++) mx = fmax(mx, LOAD(x, base + (long) i * inner));
    float sum = 0.0f;
    for (int i = 0; i < n; i++) sum += exp(LOAD(x, base + (long) i * inner) - mx);
#ifdef LOG_SOFTMAX
    float ls = log(sum);
    for (int i = 0; i < n; i++) STORE(LOAD(x, base + (long) i * inner) - mx - ls, y, base + (long) i * inner);
#else
    for (int i = 0; i < n; i++) STORE(exp(LOAD(x, base + (long) i * inner) - mx) / sum, y, base + (long) i * inner);
#endif
}

// One work item per row of n elements; scale (and bias with -DHAS_BIAS) have n elements. With -DHAS_STATS
// the row's mean and 1/stddev go to mean_out and inv_out (bit 0 and 1 of stats say which are wanted).
__kernel void layer_norm(__global const T* x, __global const T* scale, __global const T* bias,
                         __global T* y,
#ifdef HAS_STATS
                         __global T* mean_out, __global T* inv_out, const int stats,
#endif
                         const int n, const float epsilon) {
    int r = get_global_id(0);
    long row = (long) r * n;
    float mean = 0.0f;
    for (int i = 0; i < n; i++) mean += LOAD(x, row + i);
    mean /= (float) n;
    float var = 0.0f;
    for (int i = 0; i < n; i++) {
        float d = LOAD(x, row + i) - mean;
        var += d * d;
    }
    var /= (float) n;
    float inv = 1.0f / sqrt(var + epsilon);
    for (int i = 0; i < n; i++) {
#ifdef HAS_BIAS
        STORE((LOAD(x, row + i) - mean) * inv * LOAD(scale, i) + LOAD(bias, i), y, row + i);
#else
        STORE((LOAD(x, row + i) - mean) * inv * LOAD(scale, i), y, row + i);
#endif
    }
#ifdef HAS_STATS
    if (stats & 1) STORE(mean, mean_out, r);
    if (stats & 2) STORE(inv, inv_out, r);
#endif
}
