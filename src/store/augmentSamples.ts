/**
 * What the Augment panel previews and quotes, fetched from the site: the sample photos (public/sample-images/photos)
 * as small colour images, where colour shifting and PCA colour show what they do (MNIST and Fashion-MNIST are
 * grey); the sample digits as dataset bytes (the Lessons screen loads no dataset); and the committed small-data
 * grid, for the measured effect of augmentation.
 */
import type { AugmentExperiment } from '../data/augment/experiment';
import { cropResize, type FloatImage } from '../data/augment/ops';
import { decodeInBrowser } from '../predict/browserDecode';
import { isDatasetId } from '../data/datasets';
import { appUrl } from './appUrl';
import { fetchSampleIndex } from './siteFiles';

/**
 * The sample MNIST digits as the dataset stores them (28x28 bytes, light on dark: the files are inverted to dark on
 * white for people), with their labels; null when they cannot be had.
 */
export async function fetchSampleDigits(): Promise<{ images: Uint8Array; labels: Uint8Array } | null> {
  try {
    const entries = (await fetchSampleIndex()).filter((e) => e.group === 'mnist' && e.label !== null);
    const images: number[] = [];
    const labels: number[] = [];
    for (const e of entries) {
      const res = await fetch(appUrl(`sample-images/${e.file}`));
      const d = res.ok ? await decodeInBrowser(await res.blob(), e.file) : null;
      if (!d?.ok || d.image.width !== 28 || d.image.height !== 28) continue;
      for (let i = 0; i < 784; i++) images.push(255 - d.image.data[i * 4]!);
      labels.push(Number(e.label));
    }
    return labels.length > 0 ? { images: Uint8Array.from(images), labels: Uint8Array.from(labels) } : null;
  } catch {
    return null;
  }
}

/** Side of a preview photo, pixels. */
export const PHOTO_SIDE = 64;

/** A decoded sample photo: its title and a centre square resized to PHOTO_SIDE. */
export interface PreviewPhoto {
  title: string;
  image: FloatImage;
}

/** The sample photos, or a sentence saying why there are none. */
export async function fetchPreviewPhotos(): Promise<PreviewPhoto[] | string> {
  try {
    const entries = (await fetchSampleIndex()).filter((e) => e.group === 'photo');
    const photos: PreviewPhoto[] = [];
    for (const e of entries) {
      const res = await fetch(appUrl(`sample-images/${e.file}`));
      if (!res.ok) continue;
      const d = await decodeInBrowser(await res.blob(), e.file);
      if (!d.ok) continue;
      const { width, height, data } = d.image;
      const rgb = new Float32Array(width * height * 3);
      for (let i = 0; i < width * height; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = data[i * 4 + k]! / 255;
      const side = Math.min(width, height);
      const box = { x: (width - side) / 2, y: (height - side) / 2, w: side, h: side };
      photos.push({ title: e.title, image: cropResize({ h: height, w: width, c: 3, data: rgb }, box, PHOTO_SIDE, PHOTO_SIDE) });
    }
    return photos.length > 0 ? photos : 'No sample photo could be decoded.';
  } catch (e) {
    return `The sample photos could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The committed grid of `npm run experiment:augment` (public/experiments/augment.json), or null. */
export async function fetchAugmentExperiment(): Promise<AugmentExperiment | null> {
  try {
    const r = await fetch(appUrl('experiments/augment.json'));
    if (!r.ok) return null;
    const j = (await r.json()) as AugmentExperiment;
    const ok = (x: AugmentExperiment['runs'][number]) =>
      typeof x === 'object' && x !== null && isDatasetId(x.dataset) && typeof x.testAccuracy === 'number' && typeof x.trainAccuracy === 'number' && typeof x.trainImages === 'number' && typeof x.augmentation === 'string' && typeof x.recipe === 'boolean';
    return j && Array.isArray(j.runs) && j.runs.every(ok) && typeof j.steps === 'number' ? j : null;
  } catch {
    return null;
  }
}
