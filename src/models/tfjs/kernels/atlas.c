/*
 * ConvAtlas's own WebAssembly SIMD training kernels for TF.js's wasm backend (issue: train deeper networks at
 * usable speed on the CPU). Built by `npm run build:wasm` (scripts/build-wasm.sh: Debian's clang + lld, wasm32,
 * -msimd128) into atlas.wasm, which is committed next to this file.
 *
 * The module imports TF.js's own WebAssembly.Memory, so every pointer here is a tensor's offset in TF.js's heap:
 * nothing is copied in or out. For that to be safe the module has no data segment, no globals it writes and no
 * shadow stack (every local is a scalar or a v128 the compiler keeps in registers); scripts/build-wasm.sh checks
 * the built module for all three. Scratch memory, where a kernel needs any, is passed in by the caller.
 *
 * All tensors are float32, NHWC, contiguous.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

/* ---------------------------------------------------------------------------------------------------------------
 * Conv2DBackpropFilter: dW[i, j, ci, co] = sum over (n, ho, wo) of x[n, ho*sh - top + i, wo*sw - left + j, ci]
 * * dy[n, ho, wo, co], taps outside the input contributing zero. dW is zeroed here, then accumulated in tiles of
 * CIB input channels x COV vectors of 4 output channels held in registers across one output row.
 * ------------------------------------------------------------------------------------------------------------- */

INLINE void bpf_tile(const float *xrow, int xstep, const float *dyrow, int co, int wo0, int wo1, float *dw, int CIB, int COV) {
  v128_t acc[4][2];
  for (int a = 0; a < CIB; a++)
    for (int b = 0; b < COV; b++) acc[a][b] = wasm_v128_load(dw + a * co + 4 * b);
  const float *xp = xrow + wo0 * xstep;
  const float *dp = dyrow + wo0 * co;
  for (int wo = wo0; wo < wo1; wo++) {
    v128_t d[2];
    for (int b = 0; b < COV; b++) d[b] = wasm_v128_load(dp + 4 * b);
    for (int a = 0; a < CIB; a++) {
      v128_t s = wasm_v128_load32_splat(xp + a);
      for (int b = 0; b < COV; b++) acc[a][b] = wasm_f32x4_add(acc[a][b], wasm_f32x4_mul(s, d[b]));
    }
    xp += xstep;
    dp += co;
  }
  for (int a = 0; a < CIB; a++)
    for (int b = 0; b < COV; b++) wasm_v128_store(dw + a * co + 4 * b, acc[a][b]);
}

/* Output channels past the last full vector of 4, one at a time. */
INLINE void bpf_tail(const float *xrow, int xstep, const float *dyrow, int co, int co0, int wo0, int wo1, float *dw, int CIB) {
  for (int c = co0; c < co; c++) {
    float acc[4];
    for (int a = 0; a < CIB; a++) acc[a] = dw[a * co + c];
    for (int wo = wo0; wo < wo1; wo++) {
      float d = dyrow[wo * co + c];
      for (int a = 0; a < CIB; a++) acc[a] += xrow[wo * xstep + a] * d;
    }
    for (int a = 0; a < CIB; a++) dw[a * co + c] = acc[a];
  }
}

INLINE void bpf_channels(const float *xrow, int xstep, const float *dyrow, int ci, int co, int wo0, int wo1, float *dw) {
  int c = 0;
  for (; c + 4 <= ci; c += 4) {
    int o = 0;
    for (; o + 8 <= co; o += 8) bpf_tile(xrow + c, xstep, dyrow + o, co, wo0, wo1, dw + c * co + o, 4, 2);
    for (; o + 4 <= co; o += 4) bpf_tile(xrow + c, xstep, dyrow + o, co, wo0, wo1, dw + c * co + o, 4, 1);
    bpf_tail(xrow + c, xstep, dyrow, co, o, wo0, wo1, dw + c * co, 4);
  }
  for (; c < ci; c++) {
    int o = 0;
    for (; o + 8 <= co; o += 8) bpf_tile(xrow + c, xstep, dyrow + o, co, wo0, wo1, dw + c * co + o, 1, 2);
    for (; o + 4 <= co; o += 4) bpf_tile(xrow + c, xstep, dyrow + o, co, wo0, wo1, dw + c * co + o, 1, 1);
    bpf_tail(xrow + c, xstep, dyrow, co, o, wo0, wo1, dw + c * co, 1);
  }
}

/* Output columns [first, end) whose input column wo*sw - off lies inside [0, w). */
INLINE int first_out(int off, int sw) { return off <= 0 ? 0 : (off + sw - 1) / sw; }
INLINE int end_out(int off, int sw, int w, int wo) {
  int lim = w - 1 + off;
  if (lim < 0) return 0;
  int e = lim / sw + 1;
  return e < wo ? e : wo;
}

EXPORT(conv2d_backprop_filter)
void conv2d_backprop_filter(const float *x, const float *dy, float *dw, int n, int h, int w, int ci, int ho, int wo, int co,
                            int kh, int kw, int sh, int sw, int top, int left) {
  const int total = kh * kw * ci * co;
  for (int i = 0; i < total; i++) dw[i] = 0.0f;
  const int xstep = sw * ci;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < ho; oy++) {
      const float *dyrow = dy + ((b * ho + oy) * wo) * co;
      for (int i = 0; i < kh; i++) {
        int y = oy * sh - top + i;
        if (y < 0 || y >= h) continue;
        const float *xr = x + ((b * h + y) * w) * ci;
        for (int j = 0; j < kw; j++) {
          int off = left - j;
          int wo0 = first_out(off, sw);
          int wo1 = end_out(off, sw, w, wo);
          if (wo0 >= wo1) continue;
          /* column of output wo reads input column wo*sw - off */
          bpf_channels(xr - off * ci, xstep, dyrow, ci, co, wo0, wo1, dw + (i * kw + j) * ci * co);
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------------------------------------------
 * Batch normalisation in training, over N*H*W pixels per channel (the closed form of its gradient):
 *   forward:  mean, var (biased), y = (x - mean) * invstd * gamma + beta,  invstd = 1 / sqrt(var + eps)
 *   backward: dbeta = sum(dy), dgamma = sum(dy * xhat), dx = gamma * invstd * (dy - dbeta/P - xhat * dgamma/P)
 * Per-channel sums run over blocks of pixels in float32 and are added up in float64 (scratch: 2*c doubles
 * and 2*c floats), so a 25,088-pixel channel sums as accurately as TF.js's pairwise reductions.
 * ------------------------------------------------------------------------------------------------------------- */

#define BLOCK 256

/* s1[c] = sum u, s2[c] = sum v * u, with v = a - shift[c] and u = b (or v where b is null) */
static void channel_sums(const float *a, const float *b, const float *shift, int p, int c, double *t1, double *t2,
                         float *part1, float *part2) {
  for (int k = 0; k < c; k++) t1[k] = t2[k] = 0.0;
  for (int p0 = 0; p0 < p; p0 += BLOCK) {
    int p1 = p0 + BLOCK < p ? p0 + BLOCK : p;
    for (int k = 0; k < c; k++) part1[k] = part2[k] = 0.0f;
    for (int q = p0; q < p1; q++) {
      const float *ar = a + q * c;
      const float *br = b ? b + q * c : 0;
      int k = 0;
      for (; k + 4 <= c; k += 4) {
        v128_t v = wasm_f32x4_sub(wasm_v128_load(ar + k), wasm_v128_load(shift + k));
        v128_t u = br ? wasm_v128_load(br + k) : v;
        wasm_v128_store(part1 + k, wasm_f32x4_add(wasm_v128_load(part1 + k), u));
        wasm_v128_store(part2 + k, wasm_f32x4_add(wasm_v128_load(part2 + k), wasm_f32x4_mul(v, u)));
      }
      for (; k < c; k++) {
        float v = ar[k] - shift[k];
        float u = br ? br[k] : v;
        part1[k] += u;
        part2[k] += v * u;
      }
    }
    for (int k = 0; k < c; k++) {
      t1[k] += part1[k];
      t2[k] += part2[k];
    }
  }
}

EXPORT(batch_norm_forward)
void batch_norm_forward(const float *x, const float *gamma, const float *beta, float eps, int p, int c, float *y, float *mean,
                        float *var, double *scratch) {
  double *t1 = scratch, *t2 = scratch + c;
  float *part1 = (float *)(scratch + 2 * c), *part2 = part1 + c;
  /* the mean first, then the variance around it: two passes, no cancellation */
  for (int k = 0; k < c; k++) mean[k] = 0.0f;
  channel_sums(x, 0, mean, p, c, t1, t2, part1, part2);
  for (int k = 0; k < c; k++) mean[k] = (float)(t1[k] / p);
  channel_sums(x, 0, mean, p, c, t1, t2, part1, part2);
  /* scale and shift per channel, kept in part1/part2 */
  for (int k = 0; k < c; k++) {
    double d = t1[k] / p; /* what is left of the mean after centring in float32, ~0 */
    double v = t2[k] / p - d * d;
    var[k] = (float)(v > 0 ? v : 0);
    float inv = 1.0f / __builtin_sqrtf(var[k] + eps);
    part1[k] = gamma[k] * inv;
    part2[k] = beta[k] - mean[k] * part1[k];
  }
  for (int q = 0; q < p; q++) {
    const float *xr = x + q * c;
    float *yr = y + q * c;
    int k = 0;
    for (; k + 4 <= c; k += 4)
      wasm_v128_store(yr + k, wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(xr + k), wasm_v128_load(part1 + k)), wasm_v128_load(part2 + k)));
    for (; k < c; k++) yr[k] = xr[k] * part1[k] + part2[k];
  }
}

EXPORT(batch_norm_backward)
void batch_norm_backward(const float *x, const float *dy, const float *mean, const float *var, const float *gamma, float eps, int p,
                         int c, float *dx, float *dgamma, float *dbeta, double *scratch) {
  double *sdy = scratch, *sdxc = scratch + c;
  float *ca = (float *)(scratch + 2 * c), *cb = ca + c;
  /* one pass: sum(dy) and sum(dy * (x - mean)) */
  channel_sums(x, dy, mean, p, c, sdy, sdxc, ca, cb);
  /* dx = ca * dy + cb * (x - mean) + cd per channel; dbeta holds cd until the end */
  float *cd = dbeta;
  for (int k = 0; k < c; k++) {
    float inv = 1.0f / __builtin_sqrtf(var[k] + eps);
    float g = gamma[k] * inv;
    dgamma[k] = (float)(sdxc[k] * inv); /* sum(dy * xhat) */
    ca[k] = g;
    cb[k] = -g * inv * dgamma[k] / p;
    cd[k] = (float)(-g * sdy[k] / p);
  }
  for (int q = 0; q < p; q++) {
    const float *xr = x + q * c, *dr = dy + q * c;
    float *o = dx + q * c;
    int k = 0;
    for (; k + 4 <= c; k += 4) {
      v128_t xc = wasm_f32x4_sub(wasm_v128_load(xr + k), wasm_v128_load(mean + k));
      v128_t r = wasm_f32x4_mul(wasm_v128_load(dr + k), wasm_v128_load(ca + k));
      r = wasm_f32x4_add(r, wasm_f32x4_mul(xc, wasm_v128_load(cb + k)));
      wasm_v128_store(o + k, wasm_f32x4_add(r, wasm_v128_load(cd + k)));
    }
    for (; k < c; k++) o[k] = dr[k] * ca[k] + (xr[k] - mean[k]) * cb[k] + cd[k];
  }
  for (int k = 0; k < c; k++) dbeta[k] = (float)sdy[k];
}

/* ---------------------------------------------------------------------------------------------------------------
 * Depthwise convolution gradients (stock wasm has neither): channel k of the input feeds outputs k*m .. k*m+m-1.
 *   filter: dW[i, j, k, q] = sum over (n, oy, ox) of x[n, oy*sh - top + i, ox*sw - left + j, k] * dy[n, oy, ox, k*m + q]
 *   input:  dx[n, y, x, k] = sum over taps and q of dy[n, oy, ox, k*m + q] * W[i, j, k, q], scattered from each dy pixel
 * Vectorised over channels when m = 1 (MobileNet's case); a loop over q otherwise.
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT(depthwise_backprop_filter)
void depthwise_backprop_filter(const float *x, const float *dy, float *dw, int n, int h, int w, int c, int m, int ho, int wo, int kh,
                               int kw, int sh, int sw, int top, int left) {
  const int cm = c * m;
  for (int i = 0; i < kh * kw * cm; i++) dw[i] = 0.0f;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < ho; oy++) {
      const float *dyrow = dy + ((b * ho + oy) * wo) * cm;
      for (int i = 0; i < kh; i++) {
        int y = oy * sh - top + i;
        if (y < 0 || y >= h) continue;
        const float *xr = x + ((b * h + y) * w) * c;
        for (int j = 0; j < kw; j++) {
          int off = left - j;
          int wo0 = first_out(off, sw), wo1 = end_out(off, sw, w, wo);
          float *d = dw + (i * kw + j) * cm;
          for (int ox = wo0; ox < wo1; ox++) {
            const float *xp = xr + (ox * sw - off) * c;
            const float *dp = dyrow + ox * cm;
            if (m == 1) {
              int k = 0;
              for (; k + 4 <= c; k += 4)
                wasm_v128_store(d + k, wasm_f32x4_add(wasm_v128_load(d + k), wasm_f32x4_mul(wasm_v128_load(xp + k), wasm_v128_load(dp + k))));
              for (; k < c; k++) d[k] += xp[k] * dp[k];
            } else {
              for (int k = 0; k < c; k++)
                for (int q = 0; q < m; q++) d[k * m + q] += xp[k] * dp[k * m + q];
            }
          }
        }
      }
    }
  }
}

EXPORT(depthwise_backprop_input)
void depthwise_backprop_input(const float *dy, const float *wt, float *dx, int n, int h, int w, int c, int m, int ho, int wo, int kh,
                              int kw, int sh, int sw, int top, int left) {
  const int cm = c * m;
  for (int i = 0; i < n * h * w * c; i++) dx[i] = 0.0f;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < ho; oy++) {
      const float *dyrow = dy + ((b * ho + oy) * wo) * cm;
      for (int i = 0; i < kh; i++) {
        int y = oy * sh - top + i;
        if (y < 0 || y >= h) continue;
        float *xr = dx + ((b * h + y) * w) * c;
        for (int j = 0; j < kw; j++) {
          int off = left - j;
          int wo0 = first_out(off, sw), wo1 = end_out(off, sw, w, wo);
          const float *f = wt + (i * kw + j) * cm;
          for (int ox = wo0; ox < wo1; ox++) {
            float *xp = xr + (ox * sw - off) * c;
            const float *dp = dyrow + ox * cm;
            if (m == 1) {
              int k = 0;
              for (; k + 4 <= c; k += 4)
                wasm_v128_store(xp + k, wasm_f32x4_add(wasm_v128_load(xp + k), wasm_f32x4_mul(wasm_v128_load(dp + k), wasm_v128_load(f + k))));
              for (; k < c; k++) xp[k] += dp[k] * f[k];
            } else {
              for (int k = 0; k < c; k++) {
                float acc = 0.0f;
                for (int q = 0; q < m; q++) acc += dp[k * m + q] * f[k * m + q];
                xp[k] += acc;
              }
            }
          }
        }
      }
    }
  }
}
