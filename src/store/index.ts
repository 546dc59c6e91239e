/** Public API of the app store: the factory, its types, selectors, URL sync and input parsing. */
export { createAppStore, type AppStoreOptions } from './createAppStore';
export type { AnalysisSlice, AppState, AppStore, NetworkSlice, SettingsSlice, ViewSlice } from './types';
export { VIEWS, VIEW_PARAM, searchWithView, viewFromSearch, type ViewId } from './viewSlice';
export * from './selectors';
export * from './inputs';
export { buildGallery, zooGallery, type GalleryGroup, type GalleryItem } from './gallery';
export { MODEL_PARAM, modelFromSearch, searchWithModel, syncWithUrl, urlModel, type UrlHost } from './url';
export { StoreProvider, useAppStore } from './react';
