/**
 * The metadata ConvAtlas writes into the model.json files it exports (TF.js's userDefinedMetadata slot), so a model
 * that comes back (on Predict, from a file) can say whether it was ever trained. Pure.
 */

/** What ConvAtlas writes into a model.json's userDefinedMetadata: whether the weights were trained, and on what. */
export interface AtlasModelMeta {
  trained: boolean;
  dataset?: string;
  steps?: number;
  run?: string;
}

/** Reads ConvAtlas's metadata from model.json text; null when the file has none (a model from elsewhere). */
export function atlasMeta(modelJson: string): AtlasModelMeta | null {
  try {
    const m = (JSON.parse(modelJson) as { userDefinedMetadata?: { convatlas?: AtlasModelMeta } }).userDefinedMetadata?.convatlas;
    return m && typeof m.trained === 'boolean' ? m : null;
  } catch {
    return null;
  }
}
