import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { indexedDbFeatureCache as cache, MAX_ENTRIES } from './featureCache';

describe('the frozen-feature cache (IndexedDB)', () => {
  it('opens over the first layout (sets with their use time inside) and works', async () => {
    const old = await openDB('convatlas-features', 1, { upgrade: (d) => d.createObjectStore('features', { keyPath: 'key' }).createIndex('at', 'at') });
    await old.put('features', { key: 'old', data: new Float32Array(2), at: 1 });
    old.close();
    await cache.put('k', Float32Array.from([1, 2]));
    expect([...(await cache.get('k'))!]).toEqual([1, 2]);
    expect(await cache.get('old')).toBeNull();
    await cache.put('gone', new Float32Array(1));
  });

  it('gives back what was put, and keeps the most recently used sets when full, even all in one millisecond', async () => {
    // A fast machine does several reads and writes per millisecond: the order of use must still hold.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_000);
    // (The test above left 'k' and 'gone'; these sixteen push them out.)
    for (let i = 0; i < MAX_ENTRIES; i++) {
      await cache.put(`k${i}`, Float32Array.from([i, i + 0.5]));
    }
    expect([...(await cache.get('k3'))!]).toEqual([3, 3.5]);
    // Reading k0 makes it recent: the next two puts push out k1 and k2, the least recently used.
    await cache.get('k0');
    await cache.put('n1', new Float32Array(1));
    await cache.put('n2', new Float32Array(1));
    expect(await cache.get('k1')).toBeNull();
    expect(await cache.get('k2')).toBeNull();
    expect(await cache.get('k0')).not.toBeNull();
    expect(await cache.get('k4')).not.toBeNull();
    expect(await cache.get('n2')).not.toBeNull();
    clock.mockRestore();
  });
});
