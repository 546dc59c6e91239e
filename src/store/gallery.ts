/** The gallery's data: zoo networks grouped by family, each with its parameter count computed by the engine. */
import { analyze, ZOO, type ZooEntry } from '../models';

/** One gallery card: the zoo entry plus figures the engine computed from its spec (never typed in). */
export interface GalleryItem {
  entry: ZooEntry;
  trainableParams: number;
  params: number;
  errorCount: number;
}

export interface GalleryGroup {
  family: ZooEntry['family'];
  items: GalleryItem[];
}

/** Groups entries by family in first-appearance order (the course's order), analysing each network once. */
export function buildGallery(entries: readonly ZooEntry[]): GalleryGroup[] {
  const groups: GalleryGroup[] = [];
  for (const entry of entries) {
    const a = analyze(entry.build());
    const item: GalleryItem = {
      entry,
      trainableParams: a.totals.trainableParams,
      params: a.totals.params,
      errorCount: a.errorCount,
    };
    const group = groups.find((g) => g.family === entry.family);
    if (group) group.items.push(item);
    else groups.push({ family: entry.family, items: [item] });
  }
  return groups;
}

let cached: GalleryGroup[] | null = null;

/** The whole zoo's gallery, computed on first use and shared afterwards (the zoo is constant). */
export function zooGallery(): GalleryGroup[] {
  cached ??= buildGallery(ZOO);
  return cached;
}
