/**
 * The augmentation benchmark's table from its interleaved runs (bench/results/train-augment.json): per mode the
 * median training rate, and the overhead against "off" as the median over rounds of each round's ratio (runs of one
 * round ran back to back, so a ratio cancels most of what the shared machine's load does to both).
 */
import type { BenchRun } from './train-page/main';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One row per mode: median img/s, overhead (per-round ratios' median), median wait, median producer rate. */
export function augmentRows(runs: BenchRun[]) {
  const of = (a: string) => runs.filter((x) => x.augment === a);
  const off = of('off');
  return (['off', 'thread', 'worker'] as const).map((a) => {
    const mine = of(a);
    const ratios = mine.map((x, i) => x.imagesPerSecond / off[i]!.imagesPerSecond);
    const producer = mine.map((x) => x.producerImagesPerSecond).filter((p): p is number => p !== null);
    return {
      augment: a,
      imagesPerSecond: median(mine.map((x) => x.imagesPerSecond)),
      overheadPercent: 100 * (1 - median(ratios)),
      waitedSecondsMedian: median(mine.map((x) => x.waitedMs / 1000)),
      producerImagesPerSecond: producer.length ? median(producer) : null,
    };
  });
}

/** The README's Markdown table of those rows. */
export function augmentTable(rows: ReturnType<typeof augmentRows>): string {
  const names = { off: 'off', thread: 'in the training worker', worker: 'in the augmentation worker' };
  return [
    '| augmentation | training img/s (median) | overhead vs off (median of per-round ratios) | training waited for batches (after warm-up) | producer img/s (whole run) |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${names[r.augment]} | ${r.imagesPerSecond.toFixed(0)} | ${r.augment === 'off' ? '—' : `${r.overheadPercent.toFixed(1)}%`} | ${r.augment === 'off' ? '—' : `${r.waitedSecondsMedian.toFixed(2)} s`} | ${r.producerImagesPerSecond?.toFixed(0) ?? '—'} |`),
  ].join('\n');
}
