#include "storage.clh"

// Reductions (-DRED_<KIND>). One work item per output element.
// meta: {keptRank, kept dims, kept strides, redRank, red dims, red strides}

// The element offset of row-major index i over rank dims d[0..rank) with strides d[rank..2*rank).
long strided_offset(int i, int rank, __constant int* d) {
    long off = 0;
    for (int k = rank - 1; k >= 0; k--) {
        int n = d[k];
        off += (long) (i % n) * d[rank + k];
        i /= n;
    }
    return off;
}

__kernel void reduce(__global const T* x, __global T* y, __constant int* m) {
    int i = get_global_id(0);
    int kr = m[0];
    long base = strided_offset(i, kr, m + 1);
    __constant int* r = m + 1 + 2 * kr;
    int rr = r[0];
    int count = 1;
    for (int k = 0; k < rr; k++) count *= r[1 + k];
#if defined(RED_MAX)
    float acc = -INFINITY;
#elif defined(RED_MIN)
    float acc = INFINITY;
#elif defined(RED_PROD)
    float acc = 1.0f;
#else
    float acc = 0.0f;
#endif
#if defined(RED_LOG_SUM_EXP)
    float mx = -INFINITY;
    for (int j = 0; j < count; j++) {
        mx = fmax(mx, LOAD(x, base + strided_offset(j, rr, r + 1)));
    }
#endif
    for (int j = 0; j < count; j++) {
        float v = LOAD(x, base + strided_offset(j, rr, r + 1));
#if defined(RED_MAX)
        acc = fmax(acc, v);
#elif defined(RED_MIN)
        acc = fmin(acc, v);
#elif defined(RED_PROD)
        acc *= v;
#elif defined(RED_L1)
        acc += fabs(v);
#elif defined(RED_L2) || defined(RED_SUM_SQUARE)
        acc += v * v;
#elif defined(RED_LOG_SUM_EXP)
        acc += exp(v - mx);
#else
        acc += v;
#endif
    }
#if defined(RED_MEAN)
    acc /= (float) count;
#elif defined(RED_L2)
    acc = sqrt(acc);
#elif defined(RED_LOG_SUM)
    acc = log(acc);
#elif defined(RED_LOG_SUM_EXP)
    acc = log(acc) + mx;
#endif
    STORE(acc, y, i);
}
