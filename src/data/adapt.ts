/**
 * Fitting a dataset's images to a network's input: identical shapes pass through, smaller images are zero-padded
 * around the centre (how LeCun et al. fed 28x28 MNIST digits to LeNet-5's 32x32 input), anything else is refused
 * with a sentence saying why.
 */

export type Shape3 = readonly [number, number, number];

/** How images reach the network: unchanged, or padded by so many pixels on each side. */
export type InputAdaptation =
  | { ok: true; kind: 'identity'; note: string }
  | { ok: true; kind: 'pad'; top: number; bottom: number; left: number; right: number; note: string }
  | { ok: false; message: string };

const fmt = (s: readonly number[]) => s.join('x');

/** Decides how data of shape `data` feeds a network whose input is `net` (both H x W x C). */
export function adaptInput(data: Shape3, net: readonly number[], classes: number, netOutputs: number | null): InputAdaptation {
  if (net.length !== 3) return { ok: false, message: `The network takes a ${fmt(net)} input, not an image (H x W x C); it cannot train on ${fmt(data)} images.` };
  const [nh, nw, nc] = net as [number, number, number];
  const [dh, dw, dc] = data;
  if (netOutputs !== null && netOutputs !== classes) {
    return { ok: false, message: `The network has ${netOutputs} outputs but the dataset has ${classes} classes; its last layer must have ${classes} units.` };
  }
  if (nc !== dc) return { ok: false, message: `The network expects ${nc} channel${nc === 1 ? '' : 's'}, the images have ${dc} (${fmt(data)}); pick a network with a ${dh}x${dw}x${dc} input.` };
  if (nh === dh && nw === dw) return { ok: true, kind: 'identity', note: `Images are ${fmt(data)}, as the network expects.` };
  if (nh < dh || nw < dw) {
    return { ok: false, message: `The network's ${fmt(net)} input is smaller than the ${fmt(data)} images; cropping would lose the digit's edges, so pick a network with a ${dh}x${dw} or larger input.` };
  }
  const top = Math.floor((nh - dh) / 2);
  const left = Math.floor((nw - dw) / 2);
  return {
    ok: true,
    kind: 'pad',
    top,
    bottom: nh - dh - top,
    left,
    right: nw - dw - left,
    note: `The ${fmt(data)} images are zero-padded to the network's ${fmt(net)} input (${top} px top, ${left} px left), as LeCun et al. did for LeNet-5.`,
  };
}

/**
 * Converts the images at `indices` from bytes [0, 255] to float32 in [0, 1], padded per the adaptation: the
 * tensor data of one batch (NHWC).
 */
export function toFloatBatch(images: Uint8Array, data: Shape3, indices: ArrayLike<number>, a: InputAdaptation, out?: Float32Array): Float32Array {
  if (!a.ok) throw new Error(a.message);
  const [dh, dw, c] = data;
  const pad = a.kind === 'pad' ? a : { top: 0, bottom: 0, left: 0, right: 0 };
  const oh = dh + pad.top + pad.bottom;
  const ow = dw + pad.left + pad.right;
  const per = oh * ow * c;
  const count = indices.length;
  const buf = out && out.length === per * count ? out.fill(0) : new Float32Array(per * count);
  const inPer = dh * dw * c;
  for (let n = 0; n < count; n++) {
    const src = indices[n]! * inPer;
    const dst = n * per;
    for (let y = 0; y < dh; y++) {
      const row = dst + ((y + pad.top) * ow + pad.left) * c;
      const from = src + y * dw * c;
      for (let x = 0; x < dw * c; x++) buf[row + x] = images[from + x]! / 255;
    }
  }
  return buf;
}

/** The network-side shape of adapted images. */
export function adaptedShape(data: Shape3, a: InputAdaptation): [number, number, number] {
  if (!a.ok || a.kind === 'identity') return [...data];
  return [data[0] + a.top + a.bottom, data[1] + a.left + a.right, data[2]];
}
