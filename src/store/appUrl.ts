/**
 * Where the app's own files (models, datasets, samples) are: resolved against the page, so the site works from any
 * sub-path of a static host (`vite build` uses relative URLs), and absolute, so a worker (whose own URL is under
 * assets/) fetches the same file. In Node (tests, CLI) the path from the site's root.
 */

/** The absolute URL of a file of the site, from its path inside the built site ('models/lenet5-mnist/model.json'). */
export function appUrl(path: string): string {
  const base = (typeof import.meta !== 'undefined' && import.meta.env?.BASE_URL) || '/';
  const page = (globalThis as { document?: { baseURI?: string } }).document?.baseURI;
  return page ? new URL(`${base}${path}`, page).href : `/${path}`;
}
