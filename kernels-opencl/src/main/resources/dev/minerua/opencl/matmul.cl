// Batched matrix product with 16x16 tiles in local memory: Y[b] = alpha * A[b] B[b] (+ beta * C).
// meta: {M, N, K, sam, sak, sbk, sbn, hasC, scm, scn, batchRank, batch[r], aBatchStride[r], bBatchStride[r]}
// Element (m, k) of A is at aBase + m*sam + k*sak, so transposed operands need no copy.
#include "storage.clh"

#define TS 16
__kernel __attribute__((reqd_work_group_size(TS, TS, 1)))
void gemm(__global const T* a, __global const T* b, __global const T* c, __global T* y,
          __constant int* m, const float alpha, const float beta) {
    int M = m[0], N = m[1], K = m[2];
    int sam = m[3], sak = m[4], sbk = m[5], sbn = m[6];
    int br = m[10];
    int col = get_global_id(0);
    int row = get_global_id(1);
    int bi = get_global_id(2);
    int lc = get_local_id(0);
    int lr = get_local_id(1);
    long ao = 0;
    long bo = 0;
    int rem = bi;
    for (int d = br - 1; d >= 0; d--) {
        int n = m[11 + d];
        int cd = rem % n;
        rem /= n;
        ao += (long) cd * m[11 + br + d];
        bo += (long) cd * m[11 + 2 * br + d];
    }
    __local float as[TS][TS];
    __local float bs[TS][TS + 1];
    float acc = 0.0f;
    for (int t = 0; t < K; t += TS) {
        int ka = t + lc;
        as[lr][lc] = (row < M && ka < K) ? LOAD(a, ao + (long) row * sam + (long) ka * sak) : 0.0f;
        int kb = t + lr;
        bs[lr][lc] = (kb < K && col < N) ? LOAD(b, bo + (long) kb * sbk + (long) col * sbn) : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TS; k++) {
            acc += as[lr][k] * bs[k][lc];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (row < M && col < N) {
        float v = alpha * acc;
        if (m[7]) {
            v += beta * LOAD(c, row * m[8] + col * m[9]);
        }
        STORE(v, y, (long) bi * M * N + (long) row * N + col);
    }
}
