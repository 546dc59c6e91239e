/**
 * Datasets kept in the browser's Cache Storage once fetched, so a dataset opened once works offline (the service
 * worker precaches the app but not the 80 MB of datasets). The training worker fetches through this; where there
 * is no Cache Storage (Node, a private window that refuses it) it is a plain fetch.
 */

/** The cache datasets live in. */
export const DATASET_CACHE = 'convatlas-datasets';

/** fetch, answered from the dataset cache when it holds the URL, and filling it on a successful network answer. */
export async function cachedFetch(url: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const store = typeof caches === 'undefined' ? null : await caches.open(DATASET_CACHE).catch(() => null);
  const hit = store ? await store.match(url).catch(() => undefined) : undefined;
  if (hit) return hit;
  const r = await fetch(url, init);
  // A copy goes to the cache while the caller streams the answer (with its progress bar).
  if (store && r.ok && r.status === 200) void store.put(url, r.clone()).catch(() => undefined);
  return r;
}
