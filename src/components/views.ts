/**
 * The top-level screens besides the networks gallery/view: each registers its label and component here
 * (lazy-loaded, so a screen's code and libraries load only when it is opened). Ids come from VIEWS in the store.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ViewId } from '../store';

export interface ViewDef {
  id: ViewId;
  /** Navigation label. */
  label: string;
  /** The screen; absent for 'networks', which App renders itself. */
  component?: LazyExoticComponent<ComponentType>;
}

/** The element id of the Transfer screen's own-classes panel, which Predict's photo samples lead to. */
export const OWN_CLASSES_ID = 'own-classes';

/** In the order of the navigation bar. */
export const VIEW_DEFS: ViewDef[] = [
  { id: 'networks', label: 'Networks' },
  { id: 'predict', label: 'Predict', component: lazy(() => import('./predict/PredictScreen')) },
  { id: 'build', label: 'Build', component: lazy(() => import('./builder/BuilderScreen')) },
  { id: 'compare', label: 'Compare', component: lazy(() => import('./compare/CompareScreen')) },
  { id: 'lessons', label: 'Lessons', component: lazy(() => import('./lessons/LessonsScreen')) },
  { id: 'train', label: 'Train', component: lazy(() => import('./train/TrainView')) },
  { id: 'transfer', label: 'Transfer', component: lazy(() => import('./transfer/TransferScreen')) },
  { id: 'depth', label: 'Depth', component: lazy(() => import('./depth/DepthScreen')) },
];
