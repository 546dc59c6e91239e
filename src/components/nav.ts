/** Links between the gallery and a network: real hrefs (so open-in-new-tab works) plus in-app navigation. */
import type { MouseEvent } from 'react';
import { searchWithModel } from '../store/url';

/** The href that opens a network, relative to the current page ("?model=vgg16"). */
export function modelHref(id: string, search = ''): string {
  return searchWithModel(search, id) || '?';
}

/** The href of the gallery: the current path without a model. */
export function galleryHref(pathname: string, search = ''): string {
  return `${pathname}${searchWithModel(search, null)}`;
}

/** True for a plain left click, which the app handles itself; modified clicks open a tab as the browser would. */
export function isPlainClick(e: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey'>): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}
