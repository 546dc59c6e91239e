/**
 * Honest predictions, in words: is the image like the training images of the model that answered? For a shipped
 * model (or a run trained on a known dataset) its signals are compared with thresholds chosen on the training
 * images (oodReference.json, written by `npm run bench:ood`); the answer is still given, labelled as a guess when
 * the check doubts it. For a model of unknown domain (the user's own) only its confidence can be spoken of.
 */
import type { DatasetId } from '../data/datasets';
import type { Answer } from './answer';
import { imageSignals, judge, UNLIKE, type Check, type Reference, type SignalId } from './oodSignals';
import type { Preprocessed } from './preprocess';
import reference from './oodReference.json';

/** The shape of oodReference.json: thresholds per dataset (image signals) and per shipped model (with energy). */
export interface OodReferenceFile {
  note: string;
  /** The share of training images the thresholds were chosen to flag at most. */
  target: number;
  domains: Record<DatasetId, Reference>;
  models: Record<string, Reference & { domain: DatasetId }>;
}

/** The committed thresholds (what the README's rates were measured with). */
export const OOD_REFERENCE = reference as OodReferenceFile;

/** One measurement in words. */
export type CheckText = Check & { text: string };

/** What the check says of one answer. */
export interface Honesty {
  /** 'checked': compared with the training images; 'unknown': the model's domain is unknown, only its confidence is said. */
  kind: 'checked' | 'unknown';
  /** True when the answer is doubted (it is still shown, labelled by `answerLabel`). */
  flagged: boolean;
  headline: string;
  /** How to read the top class ("The model's answer, if it were a digit:"). */
  answerLabel: string;
  /** Every measurement with its value and threshold, the unusual ones first. */
  checks: CheckText[];
  /** What the image was compared with ("60,000 MNIST training digits"), or null. */
  against: string | null;
}

const NOUN: Record<DatasetId, { one: string; ifIt: string }> = {
  mnist: { one: 'a handwritten digit', ifIt: 'if it were a digit' },
  'fashion-mnist': { one: 'a Fashion-MNIST clothing item', ifIt: 'if it were a piece of clothing' },
};

const pct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
const WORDS: Record<SignalId, { name: string; fmt: (v: number) => string }> = {
  colour: { name: 'colour (mean saturation)', fmt: pct },
  border: { name: 'edge of the image that is plain background', fmt: pct },
  background: { name: 'near-black background of the 28x28 input', fmt: pct },
  midtones: { name: 'ink that is mid-gray (shading, not strokes)', fmt: pct },
  bright: { name: 'ink that is bright (the core of a stroke)', fmt: pct },
  energy: { name: "the model's energy score (log-sum-exp of its logits; low: nothing it knows)", fmt: (v) => v.toFixed(1) },
};

/** One measurement as a sentence: its value, and how the training images fall about the threshold. */
export function checkText(c: Check, ref: Reference): string {
  const w = WORDS[c.id];
  const share = c.threshold.within >= 1 ? 'all' : `${(c.threshold.within * 100).toFixed(c.threshold.within > 0.999 ? 2 : 1)}% of the`;
  const bound = `${UNLIKE[c.id] === 'above' ? 'at most' : 'at least'} ${w.fmt(c.threshold.value)}`;
  return `${w.name}: ${w.fmt(c.value)}; ${share} ${ref.images.toLocaleString('en-US')} ${ref.what} have ${bound}`;
}

/** What the unusual signals say the image is ("a colour photo with texture"). */
function whatItIs(unusual: ReadonlySet<SignalId>): string {
  const photo = unusual.has('border');
  const thing = `a ${unusual.has('colour') ? 'colour ' : ''}${photo ? 'photo' : 'picture'}`;
  if (unusual.has('midtones')) return `${thing} with ${photo ? 'texture' : 'soft, gray strokes'}`;
  if (unusual.has('bright')) return `${thing} with faint strokes`;
  if (unusual.has('background')) return `${thing} that fills the frame`;
  return thing;
}

/**
 * The check for an answer: `pre` is the preprocessing the answer used (null for the photo pipeline), `dataset`
 * what the model was trained on (null when unknown). The first model of an ensemble is the one compared.
 */
export function honesty(pre: Preprocessed | null, a: Answer, dataset: DatasetId | null, references: OodReferenceFile = OOD_REFERENCE): Honesty {
  const top = a.top[0]!;
  const first = a.perModel[0];
  const signals = pre ? imageSignals(pre) : null;
  const ref = (first && references.models[first.key]) ?? (dataset ? references.domains[dataset] : undefined);
  if (!dataset || !ref || !signals) {
    const unsure = top.p < 0.5;
    return {
      kind: 'unknown',
      flagged: unsure,
      headline:
        `ConvAtlas does not know what this model was trained on, so it cannot tell whether the image is like its training images. ` +
        `All there is to go on is the model's own confidence, ${pct(top.p)} for its top class${unsure ? ': less than even odds, so the model itself is unsure' : ', which says nothing about images unlike its training data'}.`,
      answerLabel: unsure ? "The model's answer, though it is unsure:" : "The model's answer:",
      checks: [],
      against: null,
    };
  }
  const energy = ref.thresholds.energy && first?.energy !== null && first?.energy !== undefined ? { energy: first.energy } : {};
  const j = judge({ ...signals, ...energy }, ref);
  const checks = [...j.checks].sort((x, y) => Number(y.unusual) - Number(x.unusual)).map((c) => ({ ...c, text: checkText(c, ref) }));
  const unusual = checks.filter((c) => c.unusual);
  const noun = NOUN[dataset];
  const against = `${ref.images.toLocaleString('en-US')} ${ref.what}`;
  const odd = new Set(unusual.map((c) => c.id));
  // Colour or no plain background: not this kind of thing at all; otherwise the kind, drawn unlike the training images.
  const unlike = odd.has('colour') || odd.has('border') ? noun.one : `the ${ref.what}`;
  const headline = j.flagged
    ? `This does not look like ${unlike} (it is ${whatItIs(odd)}); the shipped models know digits and clothing.`
    : unusual.length === 0
      ? `This looks like the ${ref.what}: all ${checks.length} measurements are within their usual range.`
      : `This looks like the ${ref.what}: ${unusual.length} of ${checks.length} measurements ${unusual.length === 1 ? 'is' : 'are'} unusual (${unusual.map((c) => WORDS[c.id].name.split(' (')[0]).join(', ')}), and it takes ${ref.need} to doubt the answer.`;
  return { kind: 'checked', flagged: j.flagged, headline, answerLabel: j.flagged ? `The model's answer, ${noun.ifIt}:` : "The model's answer:", checks, against };
}
