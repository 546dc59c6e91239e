/** IDX files (MNIST's format): a big-endian header of magic, type and dimensions, then the values. */

/** A parsed IDX file: its dimensions and its unsigned bytes (MNIST's only type). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parses an IDX file of unsigned bytes; throws an Error saying what is wrong for anything else. */
export function parseIdx(buffer: ArrayBuffer | Uint8Array, what = 'IDX file'): IdxArray {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.byteLength < 4) throw new Error(`${what}: ${bytes.byteLength} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) throw new Error(`${what}: not an IDX file (the first two bytes must be zero)`);
  const type = view.getUint8(2);
  if (type !== 0x08) throw new Error(`${what}: IDX value type 0x${type.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const rank = view.getUint8(3);
  const header = 4 + 4 * rank;
  if (rank === 0 || bytes.byteLength < header) throw new Error(`${what}: truncated header (${rank} dimensions)`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.byteLength - header < count) {
    throw new Error(`${what}: holds ${bytes.byteLength - header} values, its header promises ${count} (${dims.join(' x ')})`);
  }
  return { dims, data: bytes.subarray(header, header + count) };
}

/** A labelled image set as the trainer uses it: N images of H x W x C bytes and N labels. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  shape: [number, number, number];
}

/** Pairs an images IDX ([N, H, W]) and a labels IDX ([N]) into an image set; throws when they disagree. */
export function imageSet(images: IdxArray, labels: IdxArray, numClasses: number): ImageSet {
  if (images.dims.length !== 3) throw new Error(`images: expected 3 dimensions (N x H x W), found ${images.dims.join(' x ')}`);
  if (labels.dims.length !== 1) throw new Error(`labels: expected 1 dimension, found ${labels.dims.join(' x ')}`);
  const [n, h, w] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) throw new Error(`${n} images but ${labels.dims[0]} labels`);
  for (let i = 0; i < n; i++) {
    if (labels.data[i]! >= numClasses) throw new Error(`label ${labels.data[i]} at index ${i} is outside 0..${numClasses - 1}`);
  }
  return { images: images.data, labels: labels.data, count: n, shape: [h, w, 1] };
}

/** The first `n` examples of a set (views, no copy): for small runs and tests. */
export function takeFirst(set: ImageSet, n: number): ImageSet {
  const k = Math.max(0, Math.min(set.count, Math.floor(n)));
  const per = set.shape[0] * set.shape[1] * set.shape[2];
  return { ...set, count: k, images: set.images.subarray(0, k * per), labels: set.labels.subarray(0, k) };
}
