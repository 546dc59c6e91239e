/**
 * The course's identity argument, computed: a residual block a[l+2] = g(s * z[l+2] + a[l]) on a small seeded
 * feature map, with z from two real 3x3 convolutions (ReLU between), and its plain twin g(s * z[l+2]). At s = 0
 * the residual block returns its input exactly and the plain one returns zeros. Pure; tested in Node.
 */

/** A feature map H x W x C (channels last). */
export interface FeatureMap {
  h: number;
  w: number;
  c: number;
  data: Float32Array;
}

/** A seeded uniform generator in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 3x3 'same' convolution, c -> c channels, no bias; kernel [3][3][cin][cout] flattened. */
function conv3(x: FeatureMap, k: Float32Array): FeatureMap {
  const { h, w, c } = x;
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let xx = 0; xx < w; xx++)
      for (let o = 0; o < c; o++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xs = xx + dx;
            if (yy < 0 || yy >= h || xs < 0 || xs >= w) continue;
            for (let i = 0; i < c; i++) s += x.data[(yy * w + xs) * c + i]! * k[(((dy + 1) * 3 + (dx + 1)) * c + i) * c + o]!;
          }
        out[(y * w + xx) * c + o] = s;
      }
  return { h, w, c, data: out };
}

const relu = (v: Float32Array) => v.map((x) => (x > 0 ? x : 0));

/** One block's pieces for a scale s of the main path: input a, main path s * z, residual and plain outputs. */
export interface IdentityDemo {
  input: FeatureMap;
  main: FeatureMap;
  residual: FeatureMap;
  plain: FeatureMap;
  /** ||residual - input|| / ||input||: 0 means the block is the identity. */
  residualChange: number;
  /** ||plain - input|| / ||input||. */
  plainChange: number;
}

/** The demo on an 8x8x4 map of ReLU outputs with He-initialised weights (seeded, so it is the same every time). */
export function identityDemo(scale: number, seed = 7, h = 8, w = 8, c = 4): IdentityDemo {
  const r = rng(seed);
  const input = { h, w, c, data: new Float32Array(h * w * c).map(() => Math.max(0, r() * 2 - 0.5)) };
  const he = Math.sqrt(2 / (9 * c));
  const kernel = () => new Float32Array(9 * c * c).map(() => (r() * 2 - 1) * he * Math.sqrt(3));
  const k1 = kernel();
  const k2 = kernel();
  const z = conv3({ ...input, data: relu(conv3(input, k1).data) }, k2);
  const main = { ...z, data: z.data.map((v) => v * scale) };
  const residual = { ...input, data: relu(main.data.map((v, i) => v + input.data[i]!)) };
  const plain = { ...input, data: relu(main.data) };
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  const change = (m: FeatureMap) => norm(m.data.map((v, i) => v - input.data[i]!)) / norm(input.data);
  return { input, main, residual, plain, residualChange: change(residual), plainChange: change(plain) };
}

/** One channel of a map as a grey image (0 black .. the largest value white), for PixelCanvas-style drawing. */
export function channelImage(m: FeatureMap, channel: number, max: number): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(m.h * m.w);
  for (let i = 0; i < m.h * m.w; i++) data[i] = max > 0 ? Math.min(1, Math.max(0, m.data[i * m.c + channel]! / max)) : 0;
  return { width: m.w, height: m.h, data };
}
