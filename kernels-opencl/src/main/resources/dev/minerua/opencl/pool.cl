#include "storage.clh"
#include "window.clh"

// Max and average pooling (-DPOOL_MAX / -DPOOL_AVG) over data lifted to 3-D spatial axes.
// meta: {N*C, countIncludePad, in[3], kernel[3], stride[3], dilation[3], padBegin[3], out[3]}
__kernel void pool(__global const T* x, __global T* y, __constant int* m) {
    int idx = get_global_id(0);
    WINDOW_GEOMETRY(m + 2);
    OUTPUT_POSITION(idx);
    int nc = t;
    long xc = (long) nc * ID * IH * IW;
#ifdef POOL_MAX
    float acc = -INFINITY;
#else
    float acc = 0.0f;
    int count = 0;
#endif
    for (int kd = 0; kd < KD; kd++) {
        int id = od * SD - PD + kd * DD;
        if (id < 0 || id >= ID) continue;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * SH - PH + kh * DH;
            if (ih < 0 || ih >= IH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * SW - PW + kw * DW;
                if (iw < 0 || iw >= IW) continue;
                float v = LOAD(x, xc + (id * IH + ih) * IW + iw);
#ifdef POOL_MAX
                acc = fmax(acc, v);
#else
                acc += v;
                count++;
#endif
            }
        }
    }
#ifdef POOL_MAX
    STORE(acc, y, idx);
#else
    STORE(acc / (float) (m[1] ? KD * KH * KW : count), y, idx);
#endif
}

// Global pooling: one work item per (n, c) row of n elements.
__kernel void global_pool(__global const T* x, __global T* y, const int n) {
    int r = get_global_id(0);
    long row = (long) r * n;
#ifdef POOL_MAX
    float acc = -INFINITY;
    for (int i = 0; i < n; i++) acc = fmax(acc, LOAD(x, row + i));
    STORE(acc, y, r);
#else
    float acc = 0.0f;
    for (int i = 0; i < n; i++) acc += LOAD(x, row + i);
    STORE(acc / (float) n, y, r);
#endif
}
