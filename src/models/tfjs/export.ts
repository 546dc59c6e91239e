/**
 * Exports a spec as a TF.js layers model: model.json (topology + weights manifest) and one binary weights file,
 * the format `tf.loadLayersModel` reads back. Weights are freshly initialised (Glorot), as the network is untrained.
 */
import * as tf from '@tensorflow/tfjs';
import type { AtlasModelMeta } from '../modelMeta';
import type { NetworkSpec } from '../spec';
import { buildModel } from './build';

export interface TfjsExport {
  /** The model.json text. */
  modelJson: string;
  /** The weights file, named `weightsFileName` in the manifest. */
  weights: ArrayBuffer;
  weightsFileName: string;
  params: number;
}

/** Serialises a TF.js layers model (topology and current weights) as model.json plus one weights file. */
export async function serializeModel(model: tf.LayersModel, baseName = 'model', meta?: AtlasModelMeta): Promise<TfjsExport> {
  const weightsFileName = `${baseName}.weights.bin`;
  let out: TfjsExport | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = data === undefined ? new ArrayBuffer(0) : Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
      const json = {
        format: 'layers-model',
        generatedBy: `ConvAtlas (TensorFlow.js ${tf.version.tfjs})`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFileName], weights: artifacts.weightSpecs ?? [] }],
        ...(meta ? { userDefinedMetadata: { convatlas: meta } } : {}),
      };
      out = { modelJson: JSON.stringify(json), weights, weightsFileName, params: model.countParams() };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  return out!;
}

/** Builds the TF.js model of a spec and serialises it; throws BuildError (with the engine's messages) for an invalid spec. */
export async function exportTfjs(spec: NetworkSpec, baseName = 'model'): Promise<TfjsExport> {
  const { model } = buildModel(spec);
  try {
    return await serializeModel(model, baseName, { trained: false });
  } finally {
    model.dispose();
  }
}
