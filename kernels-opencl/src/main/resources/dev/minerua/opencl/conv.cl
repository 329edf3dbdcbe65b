#include "storage.clh"
#include "window.clh"

// Direct convolution over 1-, 2- or 3-D data lifted to 3-D; one work item per output element.
// meta: {N, C, M, group, hasBias, in[3], kernel[3], stride[3], dilation[3], padBegin[3], out[3]}
__kernel void conv(__global const T* x, __global const T* w, __global const T* bias,
                   __global T* y, __constant int* m) {
    int idx = get_global_id(0);
    int C = m[1], M = m[2], G = m[3];
    WINDOW_GEOMETRY(m + 5);
    OUTPUT_POSITION(idx);
    int oc = t % M;
    int n = t / M;
    int cpg = C / G;
    int g = oc / (M / G);
    float acc = m[4] ? LOAD(bias, oc) : 0.0f;
    for (int ic = 0; ic < cpg; ic++) {
        long xc = ((long) (n * C + g * cpg + ic)) * ID * IH * IW;
        long wc = ((long) (oc * cpg + ic)) * KD * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            int id = od * SD - PD + kd * DD;
            if (id < 0 || id >= ID) continue;
            for (int kh = 0; kh < KH; kh++) {
                int ih = oh * SH - PH + kh * DH;
                if (ih < 0 || ih >= IH) continue;
                long xr = xc + (id * IH + ih) * IW;
                long wr = wc + (kd * KH + kh) * KW;
                for (int kw = 0; kw < KW; kw++) {
                    int iw = ow * SW - PW + kw * DW;
                    if (iw >= 0 && iw < IW) {
                        acc += LOAD(x, xr + iw) * LOAD(w, wr + kw);
                    }
                }
            }
        }
    }
    STORE(acc, y, idx);
}

// Transposed convolution, one work item per output element gathering the inputs that reach it:
// output position o receives input i through tap k when i * stride - padBegin + k * dilation == o.
// meta as for conv; w is [C, M / group, kernel...].
__kernel void conv_transpose(__global const T* x, __global const T* w, __global const T* bias,
                             __global T* y, __constant int* m) {
    int idx = get_global_id(0);
    int C = m[1], M = m[2], G = m[3];
    WINDOW_GEOMETRY(m + 5);
    OUTPUT_POSITION(idx);
    int oc = t % M;
    int n = t / M;
    int cpg = C / G;
    int mpg = M / G;
    int g = oc / mpg;
    float acc = m[4] ? LOAD(bias, oc) : 0.0f;
    for (int ic = 0; ic < cpg; ic++) {
        int c = g * cpg + ic;
        long xc = ((long) (n * C + c)) * ID * IH * IW;
        long wc = ((long) (c * mpg + oc % mpg)) * KD * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            int td = od + PD - kd * DD;
            if (td < 0 || td % SD != 0 || td / SD >= ID) continue;
            for (int kh = 0; kh < KH; kh++) {
                int th = oh + PH - kh * DH;
                if (th < 0 || th % SH != 0 || th / SH >= IH) continue;
                for (int kw = 0; kw < KW; kw++) {
                    int tw = ow + PW - kw * DW;
                    if (tw < 0 || tw % SW != 0 || tw / SW >= IW) continue;
                    acc += LOAD(x, xc + ((td / SD) * IH + th / SH) * IW + tw / SW) * LOAD(w, wc + (kd * KH + kh) * KW + kw);
                }
            }
        }
    }
    STORE(acc, y, idx);
}
