/**
 * One answer for one image: prepare each model's input (the digit pipeline or the photo pipeline), run it
 * (through the worker in the app, directly in Node), average over crops and over the ensemble's models, rank.
 * The same code serves the Predict screen and `npm run predict`.
 */
import type { GrayImage, RgbaImage } from './image';
import { energyScore } from './oodSignals';
import { CROP_COUNT, answerCost, digitInput, meanOf, meanRows, photoInput, topK, type CropMode, type InputRange, type PreparedInput, type Ranked } from './pipeline';

/** A loaded model as the answer needs it. */
export interface ModelRef {
  key: string;
  name: string;
  inputShape: readonly (number | null)[];
  /** MACs of one forward pass (from the engine's analysis). */
  macs: number;
  labels: readonly string[];
  /** 'digit': the 28x28 MNIST-style image, padded to the input; 'photo': the picture resized to the input. */
  pipeline: 'digit' | 'photo';
}

export interface RunResult {
  probs: Float32Array;
  /** Scores before softmax, count x classes, where the model's can be read (else null or absent). */
  logits?: Float32Array | null;
  count: number;
  classes: number;
  ms: number;
}

/** Runs one model on a prepared batch; it must not keep or detach `input.data` (the answer shows it). */
export type RunModel = (key: string, input: PreparedInput) => Promise<RunResult>;

export interface ModelAnswer {
  key: string;
  name: string;
  /** Probabilities averaged over the crops. */
  probs: Float32Array;
  /** Top class of each crop, to show how the crops disagree. */
  cropTop: Ranked[];
  /** Energy score (log-sum-exp of the logits) of the centre input, or null when the logits could not be read. */
  energy: number | null;
  ms: number;
}

export interface Answer {
  perModel: ModelAnswer[];
  /** The ensemble's mean of the models' probabilities (the one model's when there is one). */
  probs: Float32Array;
  top: Ranked[];
  /** The first model's class names, by output index. */
  labels: readonly string[];
  crops: string[];
  /** The first model's input batch (one image per crop), to show what the network saw. */
  input: PreparedInput;
  cost: { macs: number; multiplier: number };
  ms: number;
}

export type AnswerResult = { ok: true; answer: Answer } | { ok: false; message: string };

/** Runs the models on one image and combines their answers. */
export async function answer(image: { rgba: RgbaImage; digit: GrayImage | null }, models: readonly ModelRef[], mode: CropMode, range: InputRange, run: RunModel, k = 5): Promise<AnswerResult> {
  if (models.length === 0) return { ok: false, message: 'No model is chosen.' };
  const classes = models[0]!.labels.length;
  const odd = models.find((m) => m.labels.length !== classes);
  if (odd) return { ok: false, message: `${odd.name} has ${odd.labels.length} classes and ${models[0]!.name} ${classes}; only models of the same classes can be ensembled.` };
  const perModel: ModelAnswer[] = [];
  let first: PreparedInput | null = null;
  for (const m of models) {
    let prepared;
    if (m.pipeline === 'digit') {
      if (!image.digit) return { ok: false, message: 'There is nothing to see in this image after preprocessing.' };
      prepared = digitInput(image.digit, m.inputShape, mode);
    } else prepared = photoInput(image.rgba, m.inputShape, range, mode);
    if (!prepared.ok) return { ok: false, message: `${m.name}: ${prepared.message}` };
    first ??= prepared.input;
    const r = await run(m.key, prepared.input);
    if (r.classes !== m.labels.length) return { ok: false, message: `${m.name} gave ${r.classes} scores per image, not ${m.labels.length}.` };
    const cropTop = Array.from({ length: r.count }, (_, n) => topK(r.probs.subarray(n * r.classes, (n + 1) * r.classes), m.labels, 1)[0]!);
    const centre = Math.max(0, prepared.input.names.indexOf('centre'));
    const energy = r.logits ? energyScore(r.logits.subarray(centre * r.classes, (centre + 1) * r.classes)) : null;
    perModel.push({ key: m.key, name: m.name, probs: meanRows(r.probs, r.count, r.classes), cropTop, energy, ms: r.ms });
  }
  const probs = meanOf(perModel.map((p) => p.probs));
  return {
    ok: true,
    answer: {
      perModel,
      probs,
      top: topK(probs, models[0]!.labels, k),
      labels: models[0]!.labels,
      crops: first!.names,
      input: first!,
      cost: answerCost(
        models.map((m) => m.macs),
        CROP_COUNT[mode],
      ),
      ms: perModel.reduce((a, p) => a + p.ms, 0),
    },
  };
}
