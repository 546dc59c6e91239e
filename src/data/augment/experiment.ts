/** The shape of public/experiments/augment.json (`npm run experiment:augment`), which the Lessons screen draws. */

/** One run of the grid: a dataset prefix, trained with or without augmentation. */
export interface AugmentExperimentRun {
  dataset: 'mnist' | 'fashion-mnist';
  trainImages: number;
  /** describeAugment() of the settings, or 'none'. */
  augmentation: string;
  /** Whether these are the shipped model's whole recipe (else one of its ops alone, or none). */
  recipe: boolean;
  /** On the whole test set. */
  testAccuracy: number;
  /** On the (unaugmented) training images. */
  trainAccuracy: number;
  seconds: number;
}

/** The whole grid with how and where it was measured. */
export interface AugmentExperiment {
  steps: number;
  batchSize: number;
  seed: number;
  engine: string;
  machine: string;
  loadAverage: number;
  date: string;
  runs: AugmentExperimentRun[];
}
