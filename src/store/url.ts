/**
 * URL state: `?model=<zoo id>` opens a network (`&input=HxWxC` at another input size), `?view=` picks the screen,
 * `&net=<id>` names the saved network open on Build; store and address bar stay in step both ways.
 */
import { formatShape, parseShape } from '../models';
import type { AppState, AppStore } from './types';
import { searchWithView, viewFromSearch } from './viewSlice';

/** The URL query key holding the open network's id. */
export const MODEL_PARAM = 'model';

/** Reads the network id from a query string ("?model=resnet50" -> "resnet50"); null when absent or empty. */
export function modelFromSearch(search: string): string | null {
  const id = new URLSearchParams(search).get(MODEL_PARAM);
  return id === null || id.trim() === '' ? null : id.trim();
}

/** Returns the query string with the model id set (or removed for null), other parameters kept; "" or "?...". */
export function searchWithModel(search: string, id: string | null): string {
  return searchWith(search, MODEL_PARAM, id);
}

/** The URL query key holding the saved network open on Build. */
export const NET_PARAM = 'net';

/** The saved network's id in a query string ("?view=build&net=<id>"); null when absent or empty. */
export function netFromSearch(search: string): string | null {
  const id = new URLSearchParams(search).get(NET_PARAM);
  return id === null || id.trim() === '' ? null : id.trim();
}

/** The saved network the URL should name for a state: Build's open network, on Build only. */
function urlNet(s: Pick<AppState, 'view' | 'builder'>): string | null {
  return s.view === 'build' ? (s.builder.draft?.id ?? null) : null;
}

/** The URL query key holding the open network's input shape when the user changed it ("?model=vgg16&input=64x64x3"). */
export const INPUT_PARAM = 'input';

/** The input shape the URL should name: the open network's when it differs from the network's own, else null. */
function urlInput(s: Pick<AppState, 'network'>): string | null {
  const { spec, inputShape } = s.network;
  const own = spec?.inputs[0]?.shape;
  if (!inputShape || !own || (own.length === inputShape.length && own.every((d, i) => d === inputShape[i]))) return null;
  return formatShape(inputShape);
}

/** Returns the query string with one parameter set (or removed for null), the others kept; "" or "?...". */
function searchWith(search: string, key: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(key);
  else params.set(key, value);
  const q = params.toString();
  return q === '' ? '' : `?${q}`;
}

/** The id the URL should show for a state: the open network, or the unknown id the user asked for. */
export function urlModel(s: Pick<AppState, 'network'>): string | null {
  return s.network.modelId ?? s.network.unknownModelId;
}

/** The parts of `window` the URL sync uses, so tests can pass a fake. */
export interface UrlHost {
  location: { pathname: string; search: string; hash: string };
  history: { pushState(data: unknown, unused: string, url?: string | URL | null): void; replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/** The parts of `window` a replacement of the query needs. */
export interface ReplaceHost {
  location: { pathname: string; search: string; hash: string };
  history: { state?: unknown; replaceState(data: unknown, unused: string, url?: string | URL | null): void };
}

/**
 * Replaces the address bar's query (no history entry), keeping the path and, unless told otherwise, the hash.
 * With syncWithUrl's pushState, the only writes to the URL in the app (share links, Compare's settings use it).
 */
export function replaceQuery(host: ReplaceHost, search: string, hash = host.location.hash): void {
  const q = search === '' || search.startsWith('?') ? search : `?${search}`;
  if (q === host.location.search && hash === host.location.hash) return;
  host.history.replaceState(host.history.state ?? null, '', `${host.location.pathname}${q}${hash}`);
}

/**
 * Opens the network the URL names, then pushes a history entry whenever the open network changes and
 * follows Back/Forward. Returns a function that stops the sync.
 */
export function syncWithUrl(store: AppStore, host: UrlHost): () => void {
  // While the store follows the address bar, the address bar does not follow the store.
  let following = false;
  const fromUrl = () => {
    following = true;
    try {
      const s = store.getState();
      const search = host.location.search;
      s.setView(viewFromSearch(search));
      s.openModel(modelFromSearch(search));
      // The URL's input size, or the network's own (Back to an address without one).
      const input = parseShape(new URLSearchParams(search).get(INPUT_PARAM) ?? '');
      const own = store.getState().network.spec?.inputs[0]?.shape;
      if (own) s.setInputShape(input && input.length === own.length ? input : own);
    } finally {
      following = false;
    }
  };
  fromUrl();
  const unsubscribe = store.subscribe((state, prev) => {
    // Only the open network, its input size, the screen and Build's network are in the address bar.
    if (following || (state.network === prev.network && state.view === prev.view && state.builder.draft?.id === prev.builder.draft?.id)) return;
    const id = urlModel(state);
    const { pathname, search, hash } = host.location;
    const modelChanged = id !== urlModel(prev) && id !== modelFromSearch(search);
    const viewChanged = state.view !== prev.view && state.view !== viewFromSearch(search);
    const net = urlNet(state);
    const input = urlInput(state);
    const next = searchWith(searchWith(searchWithView(searchWithModel(search, id), state.view), NET_PARAM, net), INPUT_PARAM, input);
    if (modelChanged || viewChanged) host.history.pushState(null, '', `${pathname}${next}${hash}`);
    // Another network on Build, or another input size, is named in the address bar without a history entry of its own.
    else if (net !== netFromSearch(search) || input !== new URLSearchParams(search).get(INPUT_PARAM)) host.history.replaceState(null, '', `${pathname}${next}${hash}`);
  });
  host.addEventListener('popstate', fromUrl);
  return () => {
    unsubscribe();
    host.removeEventListener('popstate', fromUrl);
  };
}
