/** Public API of the app store: the factory, its types, selectors, URL sync and input parsing. */
export { createAppStore, type AppStoreOptions } from './createAppStore';
export type { AnalysisSlice, AppState, AppStore, NetworkSlice, SettingsSlice, ViewSlice } from './types';
export { VIEWS, VIEW_PARAM, searchWithView, viewFromSearch, type ViewId } from './viewSlice';
export * from './selectors';
export * from './inputs';
export { buildGallery, zooGallery, type GalleryGroup, type GalleryItem } from './gallery';
export { MODEL_PARAM, modelFromSearch, searchWithModel, syncWithUrl, urlModel, type UrlHost } from './url';
export { StoreProvider, useAppStore } from './react';
export { createBuilderSlice, deriveDraft, type BuilderNotice, type BuilderSlice, type BuilderSliceDeps, type HistoryEntry } from './builderSlice';
export { openNetworkRepo, type NetworkRepo, type SavedMeta, type SavedNetwork } from './persist/repo';
export { BUILDER_ACTIONS, actionForKey, builderAction, keyName, runBuilderAction, type BuilderAction, type KeyLike } from './builderActions';
export { BLOCKS, insertBlock, type BlockDef, type BlockId } from './builderBlocks';
export * as edits from './builderEdits';
export { shareUrlFor, startBuilderSession, type ShareHost } from './builderUrl';
export { createTrainingSlice, DEFAULT_TRAINING, SAMPLE_COUNT, type RunStatus, type TrainingSlice, type TrainingSliceDeps, type TrainingState } from './trainingSlice';
export * from './trainingPlan';
export * from './builderSelectors';
export * from './trainingSelectors';
