/**
 * The site's own JSON files that several screens read: the sample images' index (public/sample-images/index.json)
 * and the shipped models' training records (public/models/<id>/training.json). I/O only, no state.
 */
import { parseAugment } from '../data/augment/pipeline';
import type { SampleEntry, TrainingRecord } from '../predict/catalog';
import { appUrl } from './appUrl';

/** The sample images' index; throws with the URL and status when it cannot be read. */
export async function fetchSampleIndex(): Promise<SampleEntry[]> {
  const url = appUrl('sample-images/index.json');
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url} answered HTTP ${r.status}`);
  const j: unknown = await r.json();
  return Array.isArray(j) ? (j as SampleEntry[]) : [];
}

/**
 * The training records of shipped models, by id. Those that cannot be fetched or are not records (no test accuracy,
 * no recipe, an augmentation that is not numbers) are left out; an augmentation comes back as parseAugment has it.
 */
export async function fetchTrainingRecords(ids: readonly string[]): Promise<Record<string, TrainingRecord>> {
  const got = await Promise.all(
    ids.map(async (id) => {
      try {
        const r = await fetch(appUrl(`models/${id}/training.json`));
        const rec = r.ok ? ((await r.json()) as TrainingRecord) : null;
        if (!rec || typeof rec.testAccuracy !== 'number' || typeof rec.recipe !== 'object' || rec.recipe === null) return null;
        const augment = rec.recipe.augment === undefined ? undefined : parseAugment(rec.recipe.augment);
        if (augment === null) return null;
        return [id, { ...rec, recipe: { ...rec.recipe, ...(augment ? { augment } : {}) } }] as const;
      } catch {
        return null;
      }
    }),
  );
  return Object.fromEntries(got.filter((g) => g !== null));
}
