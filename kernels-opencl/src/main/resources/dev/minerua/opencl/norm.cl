// Normalizations: inference BatchNormalization, Softmax/LogSoftmax (-DLOG_SOFTMAX), LayerNormalization.

__kernel void batch_norm(__global const float* x, __global const float* scale, __global const float* bias,
                         __global const float* mean, __global const float* var, __global float* y,
                         const int channels, const int inner, const float epsilon) {
    int i = get_global_id(0);
    int c = (i / inner) % channels;
    y[i] = (x[i] - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c];
}

// One work item per (outer, inner) position; the n elements along the axis are inner apart.
__kernel void softmax(__global const float* x, __global float* y, const int n, const int inner) {
    int r = get_global_id(0);
    int o = r / inner;
    int in = r % inner;
    long base = (long) o * n * inner + in;
    float mx = -INFINITY;
    for (int i = 0; i < n; i++) mx = fmax(mx, x[base + (long) i * inner]);
    float sum = 0.0f;
    for (int i = 0; i < n; i++) sum += exp(x[base + (long) i * inner] - mx);
#ifdef LOG_SOFTMAX
    float ls = log(sum);
    for (int i = 0; i < n; i++) y[base + (long) i * inner] = x[base + (long) i * inner] - mx - ls;
#else
    for (int i = 0; i < n; i++) y[base + (long) i * inner] = exp(x[base + (long) i * inner] - mx) / sum;
#endif
}

// One work item per row of n elements; scale (and bias with -DHAS_BIAS) have n elements. With -DHAS_STATS
// the row's mean and 1/stddev go to mean_out and inv_out (bit 0 and 1 of stats say which are wanted).
__kernel void layer_norm(__global const float* x, __global const float* scale, __global const float* bias,
                         __global float* y,
#ifdef HAS_STATS
                         __global float* mean_out, __global float* inv_out, const int stats,
#endif
                         const int n, const float epsilon) {
    int r = get_global_id(0);
    __global const float* row = x + (long) r * n;
    __global float* out = y + (long) r * n;
    float mean = 0.0f;
    for (int i = 0; i < n; i++) mean += row[i];
    mean /= (float) n;
    float var = 0.0f;
    for (int i = 0; i < n; i++) {
        float d = row[i] - mean;
        var += d * d;
    }
    var /= (float) n;
    float inv = 1.0f / sqrt(var + epsilon);
    for (int i = 0; i < n; i++) {
#ifdef HAS_BIAS
        out[i] = (row[i] - mean) * inv * scale[i] + bias[i];
#else
        out[i] = (row[i] - mean) * inv * scale[i];
#endif
    }
#ifdef HAS_STATS
    if (stats & 1) mean_out[r] = mean;
    if (stats & 2) inv_out[r] = inv;
#endif
}
