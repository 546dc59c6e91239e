import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { indexedDbFeatureCache as cache, MAX_ENTRIES } from './featureCache';

describe('the frozen-feature cache (IndexedDB)', () => {
  it('gives back what was put, and keeps the most recently used sets when full', async () => {
    const tick = () => new Promise((r) => setTimeout(r, 2));
    for (let i = 0; i < MAX_ENTRIES; i++) {
      await cache.put(`k${i}`, Float32Array.from([i, i + 0.5]));
      await tick();
    }
    expect([...(await cache.get('k3'))!]).toEqual([3, 3.5]);
    // Reading k0 makes it recent: the next two puts push out k1 and k2, the least recently used.
    await cache.get('k0');
    await tick();
    await cache.put('n1', new Float32Array(1));
    await tick();
    await cache.put('n2', new Float32Array(1));
    expect(await cache.get('k1')).toBeNull();
    expect(await cache.get('k2')).toBeNull();
    expect(await cache.get('k0')).not.toBeNull();
    expect(await cache.get('k4')).not.toBeNull();
    expect(await cache.get('n2')).not.toBeNull();
  });
});
