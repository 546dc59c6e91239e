/**
 * Share links: a `#spec=...` hash opens the builder with that network (saved as a new one). The hash is removed
 * from the address bar once read, so a reload does not import it twice. Only this file reads the hash.
 */
import type { AppStore } from './types';
import { netFromSearch, replaceQuery, type ReplaceHost } from './url';

/** The parts of `window` the share link handling uses. */
export interface ShareHost extends ReplaceHost {
  location: { pathname: string; search: string; hash: string; origin: string };
  addEventListener?(type: 'hashchange', listener: () => void): void;
}

/** Takes a shared network out of the address bar (so a reload does not import it twice); null when there is none. */
function takeSharedHash(store: AppStore, host: ShareHost): string | null {
  const hash = host.location.hash;
  if (!hasSharedSpec(hash)) return null;
  const params = new URLSearchParams(host.location.search);
  params.set('view', 'build');
  params.delete('model');
  replaceQuery(host, `?${params.toString()}`, '');
  store.getState().setView('build');
  return hash;
}

/**
 * Starts the builder: reads (and clears) a shared network from the hash and switches to the builder to show it;
 * a link pasted into the same tab later (only the hash changes) opens the same way.
 */
export function startBuilderSession(store: AppStore, host: ShareHost): Promise<void> {
  const started = store.getState().startBuilder(takeSharedHash(store, host), netFromSearch(host.location.search));
  host.addEventListener?.('hashchange', () => {
    const hash = takeSharedHash(store, host);
    if (hash) void started.then(() => store.getState().startBuilder(hash));
  });
  return started;
}

/** True when a hash carries a shared network (the decoder, with its libraries, loads only then). */
function hasSharedSpec(hash: string): boolean {
  return hash.startsWith('#spec=');
}

/** The full share URL for a `#spec=...` hash: it opens the builder. */
export function shareUrlFor(hash: string, host: Pick<ShareHost, 'location'>): string {
  return `${host.location.origin}${host.location.pathname}?view=build${hash}`;
}
