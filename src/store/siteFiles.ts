/**
 * The site's own JSON files that several screens read: the sample images' index (public/sample-images/index.json)
 * the shipped models' training records and weights (public/models/<id>/), and the transfer experiment. I/O only.
 */
import { parseAugment } from '../data/augment/pipeline';
import type { SampleEntry, TrainingRecord } from '../predict/catalog';
import { appUrl } from './appUrl';
import type { TransferExperiment } from '../training/transfer';
import type { ModelFiles } from '../training/transferModels';

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

/** A shipped model's model.json and weights file (a transfer run's starting point); throws naming the file and status. */
export async function fetchShippedModelFiles(id: string): Promise<ModelFiles> {
  const get = async (file: string) => {
    const url = appUrl(`models/${id}/${file}`);
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url} answered HTTP ${r.status}`);
    return r;
  };
  const [json, weights] = await Promise.all([get('model.json').then((r) => r.text()), get('model.weights.bin').then((r) => r.arrayBuffer())]);
  return { modelJson: json, weights };
}

/** `npm run experiment:transfer`'s result; null when it is missing or not that experiment. */
export async function fetchTransferExperiment(): Promise<TransferExperiment | null> {
  try {
    const r = await fetch(appUrl('experiments/transfer.json'));
    const j = r.ok ? ((await r.json()) as TransferExperiment) : null;
    return j && Array.isArray(j.runs) && j.runs.every((x) => typeof x?.testAccuracy === 'number' && typeof x.regime === 'string') ? j : null;
  } catch {
    return null;
  }
}
