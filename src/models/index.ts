/** Public API of the engine: spec types, analysis, zoo, formatting. Pure TypeScript, no UI or tfjs. */
export * from './spec';
export * from './analyze';
export * from './format';
export * from './summary';
export { fieldSentence, formatField, formatJump } from './receptiveField';
export type { FieldAxis, PixelRange, ReceptiveField } from './receptiveField';
export { SpecBuilder } from './builder';
export { LAYERS, layerDef, fmtShape } from './layers';
export type { IssueCode, LayerCost, LayerDef, LayerProblem } from './layers';
export { ZOO, zooEntry, zooSpec } from './zoo';
export type { Paper, ZooEntry } from './zoo';
