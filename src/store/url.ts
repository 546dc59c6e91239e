/** URL state: `?model=<zoo id>` opens a network; the store and the address bar are kept in step both ways. */
import type { AppState, AppStore } from './types';

/** The URL query key holding the open network's id. */
export const MODEL_PARAM = 'model';

/** Reads the network id from a query string ("?model=resnet50" -> "resnet50"); null when absent or empty. */
export function modelFromSearch(search: string): string | null {
  const id = new URLSearchParams(search).get(MODEL_PARAM);
  return id === null || id.trim() === '' ? null : id.trim();
}

/** Returns the query string with the model id set (or removed for null), other parameters kept; "" or "?...". */
export function searchWithModel(search: string, id: string | null): string {
  const params = new URLSearchParams(search);
  if (id === null) params.delete(MODEL_PARAM);
  else params.set(MODEL_PARAM, id);
  const q = params.toString();
  return q === '' ? '' : `?${q}`;
}

/** The id the URL should show for a state: the open network, or the unknown id the user asked for. */
export function urlModel(s: Pick<AppState, 'modelId' | 'unknownModelId'>): string | null {
  return s.modelId ?? s.unknownModelId;
}

/** The parts of `window` the URL sync uses, so tests can pass a fake. */
export interface UrlHost {
  location: { pathname: string; search: string; hash: string };
  history: { pushState(data: unknown, unused: string, url?: string | URL | null): void };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/**
 * Opens the network the URL names, then pushes a history entry whenever the open network changes and
 * follows Back/Forward. Returns a function that stops the sync.
 */
export function syncWithUrl(store: AppStore, host: UrlHost): () => void {
  const fromUrl = () => store.getState().openModel(modelFromSearch(host.location.search));
  fromUrl();
  const unsubscribe = store.subscribe((state, prev) => {
    const id = urlModel(state);
    if (id === urlModel(prev) || id === modelFromSearch(host.location.search)) return;
    const { pathname, search, hash } = host.location;
    host.history.pushState(null, '', `${pathname}${searchWithModel(search, id)}${hash}`);
  });
  host.addEventListener('popstate', fromUrl);
  return () => {
    unsubscribe();
    host.removeEventListener('popstate', fromUrl);
  };
}
