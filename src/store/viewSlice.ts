/** View slice: which top-level screen shows (the networks gallery/view, compare, build, train ...). */
import type { SliceCreator } from './types';

/** Every top-level screen, in the order of the navigation bar; 'networks' is the gallery and a network's view. */
export const VIEWS = ['networks', 'predict', 'build', 'train', 'transfer', 'depth', 'compare', 'lessons'] as const;

export type ViewId = (typeof VIEWS)[number];

/** The URL query key holding the screen ("?view=compare"); absent for 'networks'. */
export const VIEW_PARAM = 'view';

/** Reads the screen from a query string; unknown or missing values mean 'networks'. */
export function viewFromSearch(search: string): ViewId {
  const v = new URLSearchParams(search).get(VIEW_PARAM);
  return (VIEWS as readonly string[]).includes(v ?? '') ? (v as ViewId) : 'networks';
}

/** Returns the query string with the screen set ('networks' removes the key), other parameters kept. */
export function searchWithView(search: string, view: ViewId): string {
  const params = new URLSearchParams(search);
  if (view === 'networks') params.delete(VIEW_PARAM);
  else params.set(VIEW_PARAM, view);
  const q = params.toString();
  return q === '' ? '' : `?${q}`;
}

/** Which top-level screen shows: the slice's whole state is the screen's id. */
export interface ViewSlice {
  view: ViewId;
  setView(view: ViewId): void;
}

/** Creates the view slice. */
export const createViewSlice: SliceCreator<ViewSlice> = (set) => ({
  view: 'networks',
  setView(view) {
    set({ view });
  },
});
