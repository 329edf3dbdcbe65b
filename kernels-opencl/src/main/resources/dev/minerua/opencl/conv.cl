#include "window.clh"

// Direct convolution over 1-, 2- or 3-D data lifted to 3-D; one work item per output element.
// meta: {N, C, M, group, hasBias, in[3], kernel[3], stride[3], dilation[3], padBegin[3], out[3]}
__kernel void conv(__global const float* x, __global const float* w, __global const float* bias,
                   __global float* y, __constant int* m) {
    int idx = get_global_id(0);
    int C = m[1], M = m[2], G = m[3];
    WINDOW_GEOMETRY(m + 5);
    OUTPUT_POSITION(idx);
    int oc = t % M;
    int n = t / M;
    int cpg = C / G;
    int g = oc / (M / G);
    float acc = m[4] ? bias[oc] : 0.0f;
    for (int ic = 0; ic < cpg; ic++) {
        __global const float* xc = x + ((long) (n * C + g * cpg + ic)) * ID * IH * IW;
        __global const float* wc = w + ((long) (oc * cpg + ic)) * KD * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            int id = od * SD - PD + kd * DD;
            if (id < 0 || id >= ID) continue;
            for (int kh = 0; kh < KH; kh++) {
                int ih = oh * SH - PH + kh * DH;
                if (ih < 0 || ih >= IH) continue;
                __global const float* xr = xc + (id * IH + ih) * IW;
                __global const float* wr = wc + (kd * KH + kh) * KW;
                for (int kw = 0; kw < KW; kw++) {
                    int iw = ow * SW - PW + kw * DW;
                    if (iw >= 0 && iw < IW) {
                        acc += xr[iw] * wr[kw];
                    }
                }
            }
        }
    }
    y[idx] = acc;
}

// Transposed convolution, one work item per output element gathering the inputs that reach it:
// output position o receives input i through tap k when i * stride - padBegin + k * dilation == o.
// meta as for conv; w is [C, M / group, kernel...].
__kernel void conv_transpose(__global const float* x, __global const float* w, __global const float* bias,
                             __global float* y, __constant int* m) {
    int idx = get_global_id(0);
    int C = m[1], M = m[2], G = m[3];
    WINDOW_GEOMETRY(m + 5);
    OUTPUT_POSITION(idx);
    int oc = t % M;
    int n = t / M;
    int cpg = C / G;
    int mpg = M / G;
    int g = oc / mpg;
    float acc = m[4] ? bias[oc] : 0.0f;
    for (int ic = 0; ic < cpg; ic++) {
        int c = g * cpg + ic;
        __global const float* xc = x + ((long) (n * C + c)) * ID * IH * IW;
        __global const float* wc = w + ((long) (c * mpg + oc % mpg)) * KD * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            int td = od + PD - kd * DD;
            if (td < 0 || td % SD != 0 || td / SD >= ID) continue;
            for (int kh = 0; kh < KH; kh++) {
                int th = oh + PH - kh * DH;
                if (th < 0 || th % SH != 0 || th / SH >= IH) continue;
                for (int kw = 0; kw < KW; kw++) {
                    int tw = ow + PW - kw * DW;
                    if (tw < 0 || tw % SW != 0 || tw / SW >= IW) continue;
                    acc += xc[((td / SD) * IH + th / SH) * IW + tw / SW] * wc[(kd * KH + kh) * KW + kw];
                }
            }
        }
    }
    y[idx] = acc;
}
