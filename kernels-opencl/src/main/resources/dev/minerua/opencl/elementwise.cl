// Elementwise kernels. The operation is chosen at build time with -DOP_<KIND>.

inline float apply_unary(float v, float alpha, float beta) {
#if defined(OP_IDENTITY)
    return v;
#elif defined(OP_NEG)
    return -v;
#elif defined(OP_ABS)
    return fabs(v);
#elif defined(OP_SIGN)
    return v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v);
#elif defined(OP_RECIPROCAL)
    return 1.0f / v;
#elif defined(OP_CEIL)
    return ceil(v);
#elif defined(OP_FLOOR)
    return floor(v);
#elif defined(OP_ROUND)
    return rint(v);
#elif defined(OP_EXP)
    return exp(v);
#elif defined(OP_LOG)
    return log(v);
#elif defined(OP_SQRT)
    return sqrt(v);
#elif defined(OP_ERF)
    return erf(v);
#elif defined(OP_SIGMOID)
    return v >= 0.0f ? 1.0f / (1.0f + exp(-v)) : exp(v) / (1.0f + exp(v));
#elif defined(OP_RELU)
    return fmax(v, 0.0f);
#elif defined(OP_TANH)
    return tanh(v);
#elif defined(OP_SOFTPLUS)
    return v > 0.0f ? v + log1p(exp(-v)) : log1p(exp(v));
#elif defined(OP_SOFTSIGN)
    return v / (1.0f + fabs(v));
#elif defined(OP_MISH)
    float sp = v > 0.0f ? v + log1p(exp(-v)) : log1p(exp(v));
    return v * tanh(sp);
#elif defined(OP_HARD_SWISH)
    return v * fmax(0.0f, fmin(1.0f, v / 6.0f + 0.5f));
#elif defined(OP_SIN)
    return sin(v);
#elif defined(OP_COS)
    return cos(v);
#elif defined(OP_TAN)
    return tan(v);
#elif defined(OP_ASIN)
    return asin(v);
#elif defined(OP_ACOS)
    return acos(v);
#elif defined(OP_ATAN)
    return atan(v);
#elif defined(OP_SINH)
    return sinh(v);
#elif defined(OP_COSH)
    return cosh(v);
#elif defined(OP_ASINH)
    return asinh(v);
#elif defined(OP_ACOSH)
    return acosh(v);
#elif defined(OP_ATANH)
    return atanh(v);
#elif defined(OP_CLIP)
    return fmin(fmax(v, alpha), beta);
#elif defined(OP_HARD_SIGMOID)
    return fmax(0.0f, fmin(1.0f, alpha * v + beta));
#elif defined(OP_LEAKY_RELU)
    return v >= 0.0f ? v : alpha * v;
#elif defined(OP_ELU)
    return v >= 0.0f ? v : alpha * (exp(v) - 1.0f);
#elif defined(OP_SELU)
    return beta * (v > 0.0f ? v : alpha * (exp(v) - 1.0f));
#elif defined(OP_CELU)
    return fmax(0.0f, v) + fmin(0.0f, alpha * (exp(v / alpha) - 1.0f));
#elif defined(OP_THRESHOLDED_RELU)
    return v > alpha ? v : 0.0f;
#elif defined(OP_SHRINK)
    return v < -alpha ? v + beta : (v > alpha ? v - beta : 0.0f);
#elif defined(OP_GELU)
    return 0.5f * v * (1.0f + erf(v * 0.70710678118654752f));
#elif defined(OP_GELU_TANH)
    return 0.5f * v * (1.0f + tanh(0.79788456080286536f * (v + 0.044715f * v * v * v)));
#else
    return v;
#endif
}

__kernel void unary(__global const float* x, __global float* y, const float alpha, const float beta) {
    int i = get_global_id(0);
    y[i] = apply_unary(x[i], alpha, beta);
}

inline float apply_binary(float a, float b) {
#if defined(OP_ADD)
    return a + b;
#elif defined(OP_SUB)
    return a - b;
#elif defined(OP_MUL)
    return a * b;
#elif defined(OP_DIV)
    return a / b;
#elif defined(OP_POW)
    return pow(a, b);
#elif defined(OP_PRELU)
    return a >= 0.0f ? a : a * b;
#elif defined(OP_FMOD)
    return fmod(a, b);
#else
    return a;
#endif
}

// meta: {0} when both operands have the output's shape, else
// {rank, out dims[rank], a strides[rank], b strides[rank]} with stride 0 on broadcast axes.
__kernel void binary(__global const float* a, __global const float* b, __global float* y, __constant int* meta) {
    int i = get_global_id(0);
    int rank = meta[0];
    int ao = i;
    int bo = i;
    if (rank > 0) {
        int rem = i;
        ao = 0;
        bo = 0;
        for (int d = rank - 1; d >= 0; d--) {
            int n = meta[1 + d];
            int c = rem % n;
            rem /= n;
            ao += c * meta[1 + rank + d];
            bo += c * meta[1 + 2 * rank + d];
        }
    }
    y[i] = apply_binary(a[ao], b[bo]);
}

// Clip with bounds from scalar buffers: bit 0 of flags says lo is given, bit 1 hi.
__kernel void clip_buffers(__global const float* x, __global const float* lo, __global const float* hi,
                           __global float* y, const int flags) {
    int i = get_global_id(0);
    float v = x[i];
    if (flags & 1) v = fmax(v, lo[0]);
    if (flags & 2) v = fmin(v, hi[0]);
    y[i] = v;
}
