import { describe, expect, it } from 'vitest';
import { analyze, ZOO } from '../models';
import { zooGallery } from './gallery';

describe('zooGallery', () => {
  const groups = zooGallery();

  it('holds every zoo network once, families in first-appearance order', () => {
    const ids = groups.flatMap((g) => g.items.map((i) => i.entry.id));
    expect(ids.sort()).toEqual(ZOO.map((z) => z.id).sort());
    const families = [...new Set(ZOO.map((z) => z.family))];
    expect(groups.map((g) => g.family)).toEqual(families);
    for (const g of groups) for (const i of g.items) expect(i.entry.family).toBe(g.family);
  });

  it('computes parameter counts with the engine', () => {
    for (const g of groups) {
      for (const i of g.items) expect(i.trainableParams).toBe(analyze(i.entry.build()).totals.trainableParams);
    }
    const vgg = groups.flatMap((g) => g.items).find((i) => i.entry.id === 'vgg16');
    expect(vgg?.trainableParams).toBe(138_357_544);
  });

  it('is computed once', () => {
    expect(zooGallery()).toBe(groups);
  });
});
