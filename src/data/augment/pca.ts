/**
 * PCA colour augmentation as AlexNet (Krizhevsky et al. 2012, section 4.1) describes it: the eigen-decomposition of
 * the C x C covariance of pixel values over the training set, computed once; per image, one constant offset
 * sum_i p_i * a_i * s_i added to every pixel, with a_i ~ N(0, sigma) (the paper's sigma is 0.1).
 *
 * Where recipes differ: the paper scales by the eigenvalues, which makes the offset depend on the pixel scale (on
 * 0-255 values it swamps the image, on 0-1 values it is invisible). Like fb.resnet.torch (its "eigval" of
 * [0.2175, 0.0188, 0.0045] are standard deviations of 0-1 pixels), s_i here is the square root of the eigenvalue,
 * so the offset is in pixel units whatever the scale. albumentations' FancyPCA decomposes each image's own pixels
 * rather than the training set's. On one-channel data (MNIST, Fashion-MNIST) the only axis is brightness.
 */

/** The training set's colour axes: channel means, eigenvalues (largest first) and unit eigenvectors. */
export interface ColourPca {
  mean: number[];
  /** Variances along the axes, 0-1 pixel scale, descending. */
  eigenvalues: number[];
  /** eigenvectors[i] is the axis of eigenvalues[i]; unit length, first non-zero component positive. */
  eigenvectors: number[][];
  /** Pixels the statistics were computed over. */
  pixels: number;
}

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix (row-major n x n). */
export function symmetricEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v = m.map((_, i) => m.map((__, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  const order = m.map((_, i) => i).sort((i, j) => m[j]![j]! - m[i]![i]!);
  const vectors = order.map((i) => {
    const col = v.map((row) => row[i]!);
    const lead = col.find((x) => Math.abs(x) > 1e-12) ?? 1;
    return lead < 0 ? col.map((x) => -x) : col;
  });
  return { values: order.map((i) => Math.max(0, m[i]![i]!)), vectors };
}

/**
 * The colour axes of `count` images of H x W x C values (bytes, or floats with `scale` 1), every pixel of every
 * image, as AlexNet computed them over ImageNet's training set. One pass: sums and cross-products in float64.
 */
export function colourPca(images: ArrayLike<number>, c: number, count: number, perImage: number, scale = 255): ColourPca {
  const sum = new Float64Array(c);
  const cross = new Float64Array(c * c);
  const pixels = (count * perImage) / c;
  const end = count * perImage;
  for (let i = 0; i < end; i += c) {
    for (let a = 0; a < c; a++) {
      const va = images[i + a]! / scale;
      sum[a]! += va;
      for (let b = a; b < c; b++) cross[a * c + b]! += va * (images[i + b]! / scale);
    }
  }
  const mean = [...sum].map((s) => s / Math.max(1, pixels));
  const cov = Array.from({ length: c }, (_, a) => Array.from({ length: c }, (__, b) => {
    const [i, j] = a <= b ? [a, b] : [b, a];
    return cross[i * c + j]! / Math.max(1, pixels) - mean[i]! * mean[j]!;
  }));
  const { values, vectors } = symmetricEigen(cov);
  return { mean, eigenvalues: values, eigenvectors: vectors, pixels };
}

/** The per-channel offset for draws `alphas` (one per axis, each ~ N(0, sigma)): sum_i p_i * a_i * sqrt(lambda_i). */
export function pcaOffset(pca: ColourPca, alphas: ArrayLike<number>): number[] {
  const c = pca.mean.length;
  const out = new Array<number>(c).fill(0);
  pca.eigenvectors.forEach((p, i) => {
    const s = alphas[i]! * Math.sqrt(pca.eigenvalues[i]!);
    for (let k = 0; k < c; k++) out[k]! += p[k]! * s;
  });
  return out;
}
