/**
 * The top-level screens besides the networks gallery/view: each registers its label and component here
 * (lazy-loaded, so a screen's code and libraries load only when it is opened). Ids come from VIEWS in the store.
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { ViewId } from '../store';

export interface ViewDef {
  id: ViewId;
  /** Navigation label. */
  label: string;
  /** The screen; absent for 'networks', which App renders itself. */
  component?: LazyExoticComponent<ComponentType>;
}

/** In the order of the navigation bar. */
export const VIEW_DEFS: ViewDef[] = [{ id: 'networks', label: 'Networks' }];
