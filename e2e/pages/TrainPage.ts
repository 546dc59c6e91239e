import { expect, type Locator, type Page } from '@playwright/test';

/** The Train screen: dataset, network, hyper-parameters, backend, run controls, curves and results. */
export class TrainPage {
  readonly screen: Locator;
  readonly dataset: Locator;
  readonly subset: Locator;
  readonly dataReady: Locator;
  readonly samples: Locator;
  readonly model: Locator;
  readonly adaptation: Locator;
  readonly refused: Locator;
  readonly optimizer: Locator;
  readonly lr: Locator;
  readonly batch: Locator;
  readonly epochs: Locator;
  readonly backendChoice: Locator;
  readonly backend: Locator;
  readonly backendWhy: Locator;
  readonly start: Locator;
  readonly pause: Locator;
  readonly resume: Locator;
  readonly stop: Locator;
  readonly status: Locator;
  readonly message: Locator;
  readonly lossCurve: Locator;
  readonly accuracyCurve: Locator;
  readonly progressText: Locator;
  readonly testAccuracy: Locator;
  readonly confusion: Locator;
  readonly resumeOffer: Locator;
  readonly resumeCheckpoint: Locator;

  constructor(readonly page: Page) {
    const t = (id: string) => page.getByTestId(id);
    this.screen = t('train-screen');
    this.dataset = t('train-dataset');
    this.subset = t('train-subset');
    this.dataReady = t('data-ready');
    this.samples = t('sample-grid').locator('figure');
    this.model = t('train-model');
    this.adaptation = t('train-adaptation');
    this.refused = t('train-refused');
    this.optimizer = t('train-optimizer');
    this.lr = t('train-lr');
    this.batch = t('train-batch');
    this.epochs = t('train-epochs');
    this.backendChoice = t('train-backend-choice');
    this.backend = t('train-backend');
    this.backendWhy = t('train-backend-why');
    this.start = t('train-start');
    this.pause = t('train-pause');
    this.resume = t('train-resume');
    this.stop = t('train-stop');
    this.status = t('train-status');
    this.message = t('train-message');
    this.lossCurve = t('curve-loss');
    this.accuracyCurve = t('curve-accuracy');
    this.progressText = t('train-progress-text');
    this.testAccuracy = t('test-accuracy');
    this.confusion = t('confusion-matrix');
    this.resumeOffer = t('resume-offer');
    this.resumeCheckpoint = t('resume-checkpoint');
  }

  async goto() {
    await this.page.goto('./?view=train');
    await expect(this.screen).toBeVisible();
  }

  /** Picks the small subset and waits until it is loaded and the backend is up. */
  async useSmallSubset() {
    await this.subset.selectOption('1000');
    await expect(this.dataReady).toContainText('1,000 training and 500 test images');
    await expect(this.backend).toHaveText(/\w+/);
  }

  async setHyper(h: { optimizer?: string; lr?: string; batch?: string; epochs?: string }) {
    if (h.optimizer) await this.optimizer.selectOption(h.optimizer);
    if (h.lr) await this.lr.fill(h.lr);
    if (h.batch) await this.batch.fill(h.batch);
    if (h.epochs) await this.epochs.fill(h.epochs);
  }

  /** Number of per-batch points the loss curve holds. */
  async points(): Promise<number> {
    return Number(await this.lossCurve.getAttribute('data-points'));
  }

  async waitForPoints(n: number, timeout = 60_000) {
    await expect.poll(() => this.points().catch(() => 0), { timeout }).toBeGreaterThanOrEqual(n);
  }

  async statusIs(status: string, timeout = 60_000) {
    await expect(this.status).toHaveAttribute('data-status', status, { timeout });
  }
}
