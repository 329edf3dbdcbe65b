// Elementwise kernels. The operation is chosen at build time with -DOP_<KIND>, the element type of the
// data buffers with -DT=<type> (storage.clh; -DTO=<type> names cast's target), float by default.

#include "storage.clh"
#ifndef TO
#define TO T
#ifdef T_HALF
#define TO_HALF
#endif
#endif

// Broadcast meta: {0} when every operand has the output's shape, else
// {rank, out dims[rank], then per operand its strides[rank]} with stride 0 on broadcast axes.
inline int operand_offset(int i, __constant int* m, int operand) {
    int rank = m[0];
    if (rank == 0) {
        return i;
    }
    int rem = i;
    int off = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int n = m[1 + d];
        off += (rem % n) * m[1 + (operand + 1) * rank + d];
        rem /= n;
    }
    return off;
}

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
#elif defined(OP_SCALE)
    return v * alpha;
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

__kernel void unary(__global const T* x, __global T* y, const float alpha, const float beta) {
    int i = get_global_id(0);
    STORE(apply_unary(LOAD(x, i), alpha, beta), y, i);
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
#elif defined(OP_MIN)
    return isnan(a) || isnan(b) ? NAN : fmin(a, b);
#elif defined(OP_MAX)
    return isnan(a) || isnan(b) ? NAN : fmax(a, b);
#else
    return a;
#endif
}

__kernel void binary(__global const T* a, __global const T* b, __global T* y, __constant int* meta) {
    int i = get_global_id(0);
    STORE(apply_binary(LOAD(a, operand_offset(i, meta, 0)), LOAD(b, operand_offset(i, meta, 1))), y, i);
}

// Clip with bounds from scalar buffers: bit 0 of flags says lo is given, bit 1 hi.
__kernel void clip_buffers(__global const T* x, __global const T* lo, __global const T* hi,
                           __global T* y, const int flags) {
    int i = get_global_id(0);
    float v = LOAD(x, i);
    if (flags & 1) v = fmax(v, LOAD(lo, 0));
    if (flags & 2) v = fmin(v, LOAD(hi, 0));
    STORE(v, y, i);
}

// Integer arithmetic (int32 storage): Div truncates, Mod takes the divisor's sign, Fmod the dividend's.
inline int apply_binary_int(int a, int b) {
#if defined(OP_ADD)
    return a + b;
#elif defined(OP_SUB)
    return a - b;
#elif defined(OP_MUL)
    return a * b;
#elif defined(OP_DIV)
    return b == 0 ? 0 : a / b;
#elif defined(OP_MOD)
    if (b == 0) return 0;
    int r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
#elif defined(OP_FMOD)
    return b == 0 ? 0 : a % b;
#elif defined(OP_MIN)
    return min(a, b);
#elif defined(OP_MAX)
    return max(a, b);
#else
    return a;
#endif
}

__kernel void binary_int(__global const int* a, __global const int* b, __global int* y, __constant int* meta) {
    int i = get_global_id(0);
    y[i] = apply_binary_int(a[operand_offset(i, meta, 0)], b[operand_offset(i, meta, 1)]);
}

// Comparisons and logical ops of two T operands into bool (uchar 0/1).
__kernel void compare(__global const T* a, __global const T* b, __global uchar* y, __constant int* meta) {
    int i = get_global_id(0);
    TV x = LOAD(a, operand_offset(i, meta, 0));
    TV z = LOAD(b, operand_offset(i, meta, 1));
#if defined(OP_EQUAL)
    y[i] = x == z;
#elif defined(OP_LESS)
    y[i] = x < z;
#elif defined(OP_GREATER)
    y[i] = x > z;
#elif defined(OP_LESS_OR_EQUAL)
    y[i] = x <= z;
#elif defined(OP_GREATER_OR_EQUAL)
    y[i] = x >= z;
#elif defined(OP_AND)
    y[i] = (x != 0) && (z != 0);
#elif defined(OP_OR)
    y[i] = (x != 0) || (z != 0);
#elif defined(OP_XOR)
    y[i] = (x != 0) != (z != 0);
#endif
}

// Where(cond, x, y) with the three operands broadcast to the output.
__kernel void where(__global const uchar* c, __global const T* x, __global const T* z, __global T* y,
                    __constant int* meta) {
    int i = get_global_id(0);
    STORE(c[operand_offset(i, meta, 0)] ? LOAD(x, operand_offset(i, meta, 1)) : LOAD(z, operand_offset(i, meta, 2)), y, i);
}

// Unary ops on int32 or bool storage.
__kernel void unary_int(__global const T* x, __global T* y) {
    int i = get_global_id(0);
    TV v = LOAD(x, i);
#if defined(OP_NEG)
    STORE(-v, y, i);
#elif defined(OP_ABS)
    STORE(v < 0 ? -v : v, y, i);
#elif defined(OP_SIGN)
    STORE(v > 0 ? 1 : (v < 0 ? -1 : 0), y, i);
#elif defined(OP_RELU)
    STORE(v > 0 ? v : 0, y, i);
#elif defined(OP_NOT)
    STORE(!v, y, i);
#else
    STORE(v, y, i);
#endif
}

// Cast between device storages: floats truncate toward zero into ints (saturating, NaN to 0), anything
// non-zero is true, bools are 0 or 1, and -DTO_HALF rounds to half storage (nearest even).
__kernel void cast(__global const T* x, __global TO* y) {
    int i = get_global_id(0);
    TV v = LOAD(x, i);
#if defined(TO_BOOL)
    y[i] = v != 0;
#elif defined(FROM_FLOAT_TO_INT)
    y[i] = convert_int_sat_rtz(v);
#elif defined(TO_HALF)
    vstore_half_rte((float) v, i, y);
#else
    y[i] = (TO) v;
#endif
}
