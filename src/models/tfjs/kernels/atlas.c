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
 * All tensors are float32, NHWC, contiguous. The convolution kernels take a batch range [b0, b1): one call does the
 * whole batch, or each thread of atlasThreads.ts does a part (the filter gradient then into a partial dW per thread).
 * The same source builds atlas-mt.wasm, which imports a shared memory instead (scripts/build-wasm.sh).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

/* A vector of the first n (4, 2 or 1) floats at p: the tails of channel counts that are not multiples of 4. */
INLINE v128_t loadn(const float *p, int n) { return n == 4 ? wasm_v128_load(p) : n == 2 ? wasm_v128_load64_zero(p) : wasm_v128_load32_zero(p); }
INLINE void storen(float *p, v128_t v, int n) {
  if (n == 4) wasm_v128_store(p, v);
  else if (n == 2) wasm_v128_store64_lane(p, v, 0);
  else wasm_v128_store32_lane(p, v, 0);
}

/* ---------------------------------------------------------------------------------------------------------------
 * Conv2DBackpropFilter: dW[i, j, ci, co] = sum over (n, ho, wo) of x[n, ho*sh - top + i, wo*sw - left + j, ci]
 * * dy[n, ho, wo, co], taps outside the input contributing zero. dW is zeroed here, then accumulated in tiles of
 * CIB input channels x COV vectors of 4 output channels held in registers across one output row.
 * ------------------------------------------------------------------------------------------------------------- */

/* COV vectors of output channels, the last holding LAST of them (4, 2 or 1), x CIB input channels. */
INLINE void bpf_tile(const float *xrow, int xstep, const float *dyrow, int co, int wo0, int wo1, float *dw, int CIB, int COV, int LAST) {
  v128_t acc[4][2];
  for (int a = 0; a < CIB; a++)
    for (int b = 0; b < COV; b++) acc[a][b] = loadn(dw + a * co + 4 * b, b == COV - 1 ? LAST : 4);
  const float *xp = xrow + wo0 * xstep;
  const float *dp = dyrow + wo0 * co;
  for (int wo = wo0; wo < wo1; wo++) {
    v128_t d[2];
    for (int b = 0; b < COV; b++) d[b] = loadn(dp + 4 * b, b == COV - 1 ? LAST : 4);
    for (int a = 0; a < CIB; a++) {
      v128_t s = wasm_v128_load32_splat(xp + a);
      for (int b = 0; b < COV; b++) acc[a][b] = wasm_f32x4_add(acc[a][b], wasm_f32x4_mul(s, d[b]));
    }
    xp += xstep;
    dp += co;
  }
  for (int a = 0; a < CIB; a++)
    for (int b = 0; b < COV; b++) storen(dw + a * co + 4 * b, acc[a][b], b == COV - 1 ? LAST : 4);
}

INLINE void bpf_outputs(const float *xrow, int xstep, const float *dyrow, int co, int wo0, int wo1, float *dw, int CIB) {
  int o = 0;
  for (; o + 8 <= co; o += 8) bpf_tile(xrow, xstep, dyrow + o, co, wo0, wo1, dw + o, CIB, 2, 4);
  for (; o + 4 <= co; o += 4) bpf_tile(xrow, xstep, dyrow + o, co, wo0, wo1, dw + o, CIB, 1, 4);
  if (o + 2 <= co) {
    bpf_tile(xrow, xstep, dyrow + o, co, wo0, wo1, dw + o, CIB, 1, 2);
    o += 2;
  }
  if (o < co) bpf_tile(xrow, xstep, dyrow + o, co, wo0, wo1, dw + o, CIB, 1, 1);
}

INLINE void bpf_channels(const float *xrow, int xstep, const float *dyrow, int ci, int co, int wo0, int wo1, float *dw) {
  int c = 0;
  for (; c + 4 <= ci; c += 4) bpf_outputs(xrow + c, xstep, dyrow, co, wo0, wo1, dw + c * co, 4);
  for (; c < ci; c++) bpf_outputs(xrow + c, xstep, dyrow, co, wo0, wo1, dw + c * co, 1);
}

/* Output columns [first, end) whose input column wo*sw - off lies inside [0, w). */
INLINE int first_out(int off, int sw) { return off <= 0 ? 0 : (off + sw - 1) / sw; }
INLINE int end_out(int off, int sw, int w, int wo) {
  int lim = w - 1 + off;
  if (lim < 0) return 0;
  int e = lim / sw + 1;
  return e < wo ? e : wo;
}

/*
 * The walk every convolution kernel here shares: for each output row oy of batches [b0, b1) and each filter tap
 * (i, j) whose input row y = oy*sh - top + i lies inside [0, h), the body runs with the output columns [wo0, wo1) whose
 * input column ox*sw - off (off = left - j) lies inside [0, w). Taps outside the input contribute nothing.
 */
#define FOR_EACH_ROW_TAP(b0, b1, h, w, ho, wo, kh, kw, sh, sw, top, left, ...)    \
  for (int b = (b0); b < (b1); b++)                                             \
    for (int oy = 0; oy < (ho); oy++)                                           \
      for (int i = 0; i < (kh); i++) {                                          \
        int y = oy * (sh) - (top) + i;                                          \
        if (y < 0 || y >= (h)) continue;                                        \
        for (int j = 0; j < (kw); j++) {                                        \
          int off = (left) - j;                                                 \
          int wo0 = first_out(off, sw), wo1 = end_out(off, sw, w, wo);          \
          if (wo0 < wo1) __VA_ARGS__                                            \
        }                                                                       \
      }

EXPORT(conv2d_backprop_filter)
void conv2d_backprop_filter(const float *x, const float *dy, float *dw, int h, int w, int ci, int ho, int wo, int co,
                            int kh, int kw, int sh, int sw, int top, int left, int b0, int b1) {
  const int total = kh * kw * ci * co;
  for (int i = 0; i < total; i++) dw[i] = 0.0f;
  const int xstep = sw * ci;
  FOR_EACH_ROW_TAP(b0, b1, h, w, ho, wo, kh, kw, sh, sw, top, left, {
    /* column of output ox reads input column ox*sw - off */
    const float *xr = x + ((b * h + y) * w - off) * ci;
    bpf_channels(xr, xstep, dy + ((b * ho + oy) * wo) * co, ci, co, wo0, wo1, dw + (i * kw + j) * ci * co);
  })
}

/* ---------------------------------------------------------------------------------------------------------------
 * Conv2DBackpropInput: each output-gradient pixel dy[n, oy, ox, :] is scattered through every tap (i, j) onto
 * dx[n, oy*sh - top + i, ox*sw - left + j, :] += W[i, j, :, :] . dy[n, oy, ox, :], taps outside the input dropped.
 * No zeros are inserted for strides > 1 (the transposed-convolution form wastes 3/4 of its work at stride 2).
 * The tiles (conv_tile) run over the output channels, reading the filter transposed to [kh, kw, co, ci] (into
 * `scratch`, kh*kw*co*ci floats).
 * ------------------------------------------------------------------------------------------------------------- */

/*
 * The tile of the input gradient and the forward convolution: PB pixels x V vectors of channels (the last holding LAST of them:
 * 4, 2 or 1) held in registers, dst[q][:] += sum over k < K of src[q][k] * wt[k][:]. Pixels are srcStride and
 * dstStride floats apart; rows of wt are wtStride apart.
 */
INLINE void conv_tile(const float *src, int srcStride, int K, float *dst, int dstStride, const float *wt, int wtStride, int PB, int V, int LAST) {
  v128_t acc[4][2];
  for (int q = 0; q < PB; q++)
    for (int v = 0; v < V; v++) acc[q][v] = loadn(dst + q * dstStride + 4 * v, v == V - 1 ? LAST : 4);
  for (int k = 0; k < K; k++) {
    v128_t f[2];
    for (int v = 0; v < V; v++) f[v] = loadn(wt + k * wtStride + 4 * v, v == V - 1 ? LAST : 4);
    for (int q = 0; q < PB; q++) {
      v128_t s = wasm_v128_load32_splat(src + q * srcStride + k);
      for (int v = 0; v < V; v++) acc[q][v] = wasm_f32x4_add(acc[q][v], wasm_f32x4_mul(s, f[v]));
    }
  }
  for (int q = 0; q < PB; q++)
    for (int v = 0; v < V; v++) storen(dst + q * dstStride + 4 * v, acc[q][v], v == V - 1 ? LAST : 4);
}

/* conv_tile over all C destination channels, in blocks of 8, 4, 2 and 1. */
INLINE void conv_pixels(const float *src, int srcStride, int K, float *dst, int dstStride, const float *wt, int C, int PB) {
  int c = 0;
  for (; c + 8 <= C; c += 8) conv_tile(src, srcStride, K, dst + c, dstStride, wt + c, C, PB, 2, 4);
  for (; c + 4 <= C; c += 4) conv_tile(src, srcStride, K, dst + c, dstStride, wt + c, C, PB, 1, 4);
  if (c + 2 <= C) {
    conv_tile(src, srcStride, K, dst + c, dstStride, wt + c, C, PB, 1, 2);
    c += 2;
  }
  if (c < C) conv_tile(src, srcStride, K, dst + c, dstStride, wt + c, C, PB, 1, 1);
}

EXPORT(conv2d_backprop_input)
void conv2d_backprop_input(const float *dy, const float *filter, float *dx, int h, int w, int ci, int ho, int wo, int co,
                           int kh, int kw, int sh, int sw, int top, int left, float *scratch, int b0, int b1) {
  /* [kh, kw, ci, co] -> [kh, kw, co, ci] */
  for (int t = 0; t < kh * kw; t++)
    for (int c = 0; c < ci; c++)
      for (int k = 0; k < co; k++) scratch[(t * co + k) * ci + c] = filter[(t * ci + c) * co + k];
  for (int i = b0 * h * w * ci; i < b1 * h * w * ci; i++) dx[i] = 0.0f;
  const int xstep = sw * ci;
  FOR_EACH_ROW_TAP(b0, b1, h, w, ho, wo, kh, kw, sh, sw, top, left, {
    const float *dyrow = dy + ((b * ho + oy) * wo) * co;
    float *xr = dx + ((b * h + y) * w - off) * ci;
    const float *wt = scratch + (i * kw + j) * co * ci;
    int ox = wo0;
    for (; ox + 4 <= wo1; ox += 4) conv_pixels(dyrow + ox * co, co, co, xr + ox * xstep, xstep, wt, ci, 4);
    for (; ox < wo1; ox++) conv_pixels(dyrow + ox * co, co, co, xr + ox * xstep, xstep, wt, ci, 1);
  })
}

/* ---------------------------------------------------------------------------------------------------------------
 * Conv2D / FusedConv2D forward: y[n, oy, ox, :] = bias + sum over taps (i, j) inside the input of
 * x[n, oy*sh - top + i, ox*sw - left + j, :] . W[i, j, :, :], then the activation (0: linear, 1: relu).
 * The input gradient's tiles over the input channels. Single-threaded, XNNPACK's forward is as fast (and faster
 * for 1-3 input channels), so only the threaded kernels use this one. bias may be 0 (none).
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT(conv2d_forward)
void conv2d_forward(const float *x, const float *filter, const float *bias, float *out, int h, int w, int ci, int ho, int wo,
                    int co, int kh, int kw, int sh, int sw, int top, int left, int relu, int b0, int b1) {
  for (int p = b0 * ho * wo; p < b1 * ho * wo; p++)
    for (int k = 0; k < co; k++) out[p * co + k] = bias ? bias[k] : 0.0f;
  const int xstep = sw * ci;
  FOR_EACH_ROW_TAP(b0, b1, h, w, ho, wo, kh, kw, sh, sw, top, left, {
    float *yrow = out + ((b * ho + oy) * wo) * co;
    const float *xr = x + ((b * h + y) * w - off) * ci;
    const float *wt = filter + (i * kw + j) * ci * co;
    int ox = wo0;
    for (; ox + 4 <= wo1; ox += 4) conv_pixels(xr + ox * xstep, xstep, ci, yrow + ox * co, co, wt, co, 4);
    for (; ox < wo1; ox++) conv_pixels(xr + ox * xstep, xstep, ci, yrow + ox * co, co, wt, co, 1);
  })
  if (!relu) return;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  float *y0 = out + b0 * ho * wo * co;
  const int total = (b1 - b0) * ho * wo * co;
  int t = 0;
  for (; t + 4 <= total; t += 4) wasm_v128_store(y0 + t, wasm_f32x4_max(wasm_v128_load(y0 + t), zero));
  for (; t < total; t++) y0[t] = y0[t] < 0.0f ? 0.0f : y0[t]; /* NaN stays NaN, as in TF.js: the trainer stops on it */
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
  FOR_EACH_ROW_TAP(0, n, h, w, ho, wo, kh, kw, sh, sw, top, left, {
    const float *dyrow = dy + ((b * ho + oy) * wo) * cm;
    const float *xr = x + ((b * h + y) * w) * c;
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
  })
}

EXPORT(depthwise_backprop_input)
void depthwise_backprop_input(const float *dy, const float *wt, float *dx, int n, int h, int w, int c, int m, int ho, int wo, int kh,
                              int kw, int sh, int sw, int top, int left) {
  const int cm = c * m;
  for (int i = 0; i < n * h * w * c; i++) dx[i] = 0.0f;
  FOR_EACH_ROW_TAP(0, n, h, w, ho, wo, kh, kw, sh, sw, top, left, {
    const float *dyrow = dy + ((b * ho + oy) * wo) * cm;
    float *xr = dx + ((b * h + y) * w) * c;
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
  })
}

/* ---------------------------------------------------------------------------------------------------------------
 * MaxPoolGrad: each output's gradient goes to the first maximum of its window in scan order (as TF.js's cpu
 * backend and PyTorch choose; after a ReLU many windows tie at 0). Four channels at a time, positions as i32x4.
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT(max_pool_grad)
void max_pool_grad(const float *x, const float *dy, float *dx, int n, int h, int w, int c, int ho, int wo, int kh, int kw, int sh, int sw,
                   int top, int left) {
  for (int i = 0; i < n * h * w * c; i++) dx[i] = 0.0f;
  const v128_t lanes = wasm_i32x4_make(0, 1, 2, 3);
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < ho; oy++) {
      int y0 = oy * sh - top;
      int i0 = y0 < 0 ? -y0 : 0, i1 = h - y0 < kh ? h - y0 : kh;
      for (int ox = 0; ox < wo; ox++) {
        int x0 = ox * sw - left;
        int j0 = x0 < 0 ? -x0 : 0, j1 = w - x0 < kw ? w - x0 : kw;
        const float *dp = dy + ((b * ho + oy) * wo + ox) * c;
        int k = 0;
        for (; k + 4 <= c; k += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t pos = wasm_i32x4_splat(-1);
          for (int i = i0; i < i1; i++)
            for (int j = j0; j < j1; j++) {
              int idx = ((b * h + y0 + i) * w + x0 + j) * c + k;
              v128_t v = wasm_v128_load(x + idx);
              v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              pos = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(idx), lanes), pos, gt);
            }
          int p0 = wasm_i32x4_extract_lane(pos, 0), p1 = wasm_i32x4_extract_lane(pos, 1);
          int p2 = wasm_i32x4_extract_lane(pos, 2), p3 = wasm_i32x4_extract_lane(pos, 3);
          if (p0 >= 0) dx[p0] += dp[k];
          if (p1 >= 0) dx[p1] += dp[k + 1];
          if (p2 >= 0) dx[p2] += dp[k + 2];
          if (p3 >= 0) dx[p3] += dp[k + 3];
        }
        for (; k < c; k++) {
          float best = -__builtin_inff();
          int pos = -1;
          for (int i = i0; i < i1; i++)
            for (int j = j0; j < j1; j++) {
              int idx = ((b * h + y0 + i) * w + x0 + j) * c + k;
              if (x[idx] > best) {
                best = x[idx];
                pos = idx;
              }
            }
          if (pos >= 0) dx[pos] += dp[k];
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------------------------------------------
 * PadV2 of an NHWC tensor in H and W only (explicit padding before a convolution or pooling, and the gradient of
 * a Slice): the border filled with `value`, each input row copied whole. Stock wasm walks every element.
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT(pad_hw)
void pad_hw(const float *x, float *y, int n, int h, int w, int c, int top, int bottom, int left, int right, float value) {
  const int H = h + top + bottom, W = w + left + right, row = w * c;
  const int total = n * H * W * c;
  const v128_t v = wasm_f32x4_splat(value);
  int t = 0;
  for (; t + 4 <= total; t += 4) wasm_v128_store(y + t, v);
  for (; t < total; t++) y[t] = value;
  for (int b = 0; b < n; b++)
    for (int r = 0; r < h; r++) {
      const float *src = x + (b * h + r) * row;
      float *dst = y + ((b * H + r + top) * W + left) * c;
      int k = 0;
      for (; k + 4 <= row; k += 4) wasm_v128_store(dst + k, wasm_v128_load(src + k));
      for (; k < row; k++) dst[k] = src[k];
    }
}

/* Slice of an NHWC tensor in H and W only (the gradient of that padding, ceil-mode pooling's crop): row copies. */
EXPORT(crop_hw)
void crop_hw(const float *x, float *y, int n, int h, int w, int c, int top, int left, int oh, int ow) {
  const int row = ow * c;
  for (int b = 0; b < n; b++)
    for (int r = 0; r < oh; r++) {
      const float *src = x + ((b * h + r + top) * w + left) * c;
      float *dst = y + (b * oh + r) * row;
      int k = 0;
      for (; k + 4 <= row; k += 4) wasm_v128_store(dst + k, wasm_v128_load(src + k));
      for (; k < row; k++) dst[k] = src[k];
    }
}

/* ---------------------------------------------------------------------------------------------------------------
 * One Adam step of one variable, as TF.js's AdamOptimizer computes it, op for op in the same order (so the same
 * float32 results), in one pass instead of eleven kernels:
 *   m' = m*b1 + g*(1-b1);  v' = v*b2 + g*g*(1-b2);  w' = (m'/c1) / (sqrt(v'/c2) + eps) * (-lr) + w
 * with c1 = 1 - b1^t and c2 = 1 - b2^t. The constants come in as TF.js rounds them to float32: 1 - b1 computed in
 * double first (b1c, b2c), -lr (nlr).
 * ------------------------------------------------------------------------------------------------------------- */

EXPORT(adam_update)
void adam_update(const float *w, const float *g, const float *m, const float *v, float *wo, float *mo, float *vo, int n, float b1,
                 float b1c, float b2, float b2c, float c1, float c2, float nlr, float eps) {
  const v128_t B1 = wasm_f32x4_splat(b1), B1c = wasm_f32x4_splat(b1c), B2 = wasm_f32x4_splat(b2), B2c = wasm_f32x4_splat(b2c);
  const v128_t C1 = wasm_f32x4_splat(c1), C2 = wasm_f32x4_splat(c2), NLR = wasm_f32x4_splat(nlr), EPS = wasm_f32x4_splat(eps);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gi, B1c));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), B2c));
    wasm_v128_store(mo + i, mi);
    wasm_v128_store(vo + i, vi);
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(mi, C1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, C2)), EPS));
    wasm_v128_store(wo + i, wasm_f32x4_add(wasm_f32x4_mul(step, NLR), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    float mi = m[i] * b1 + g[i] * b1c;
    float vi = v[i] * b2 + (g[i] * g[i]) * b2c;
    mo[i] = mi;
    vo[i] = vi;
    wo[i] = ((mi / c1) / (__builtin_sqrtf(vi / c2) + eps)) * nlr + w[i];
  }
}
