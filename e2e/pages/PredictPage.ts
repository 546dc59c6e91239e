import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/** The Predict screen: image sources, model choice, test-time tricks, the steps and the answer. */
export class PredictPage {
  readonly screen: Locator;
  readonly dropZone: Locator;
  readonly imageFile: Locator;
  readonly imageError: Locator;
  readonly prediction: Locator;
  readonly top5: Locator;
  readonly baseline: Locator;
  readonly steps: Locator;
  readonly crops: Locator;
  readonly userModelFiles: Locator;
  readonly userModelInfo: Locator;
  readonly userModelError: Locator;
  readonly answerError: Locator;
  readonly insidePanel: Locator;
  readonly worked: Locator;
  /** Whether the image is like the model's training images (data-flagged says if the answer is doubted). */
  readonly honesty: Locator;
  readonly honestyHeadline: Locator;
  /** "The model's answer, if it were a digit:", shown above a doubted answer. */
  readonly answerLabel: Locator;
  /** Where drop() drops (the Predict screen's drop zone unless a test points it elsewhere). */
  dropTarget: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('predict-screen');
    this.dropZone = page.getByTestId('drop-zone');
    this.imageFile = page.getByTestId('image-file');
    this.imageError = page.getByTestId('image-error');
    this.prediction = page.getByTestId('prediction');
    this.top5 = page.getByTestId('top5').locator('li');
    this.baseline = page.getByTestId('top5-baseline').locator('li');
    this.steps = page.getByTestId('preprocess-steps').locator('li');
    this.crops = page.getByTestId('crop-grid').locator('li');
    this.userModelFiles = page.getByTestId('user-model-files');
    this.userModelInfo = page.getByTestId('user-model-info');
    this.userModelError = page.getByTestId('user-model-error');
    this.answerError = page.getByTestId('answer-error');
    this.insidePanel = page.getByTestId('inside-panel');
    this.worked = page.getByTestId('worked-sum');
    this.honesty = page.getByTestId('honesty');
    this.honestyHeadline = page.getByTestId('honesty-headline');
    this.answerLabel = page.getByTestId('answer-label');
    this.dropTarget = this.dropZone;
  }

  async goto() {
    await this.page.goto('./?view=predict');
    await expect(this.screen).toBeVisible();
  }

  sample(file: string): Locator {
    return this.page.locator(`[data-sample="${file}"]`);
  }

  /** The note on which models know a row of samples ('mnist', 'fashion' or 'photo'). */
  samplesNote(group: 'mnist' | 'fashion' | 'photo'): Locator {
    return this.page.getByTestId(`samples-${group}`).getByTestId('sample-fits');
  }

  /** One measurement of the honesty check ('colour', 'border', ..., 'energy'). */
  check(signal: string): Locator {
    return this.honesty.locator(`[data-signal="${signal}"]`);
  }

  /** Drops a file on the drop zone the way a browser does: a DataTransfer holding a File, dispatched as drag events. */
  async drop(name: string, bytes: Buffer | Uint8Array, type: string) {
    const dt = await this.page.evaluateHandle(
      ({ name, data, type }) => {
        const t = new DataTransfer();
        t.items.add(new File([new Uint8Array(data)], name, { type }));
        return t;
      },
      { name, data: [...bytes], type },
    );
    await this.dropTarget.dispatchEvent('dragover', { dataTransfer: dt });
    await this.dropTarget.dispatchEvent('drop', { dataTransfer: dt });
  }

  async dropFile(file: string, type: string) {
    await this.drop(path.basename(file), readFileSync(file), type);
  }

  /** The top-5 bars as [label, probability]. */
  async bars(which: Locator = this.top5): Promise<[string, number][]> {
    return which.evaluateAll((els) => els.map((e) => [e.getAttribute('data-label') ?? '', Number(e.getAttribute('data-p'))] as [string, number]));
  }

  /** Opens the drawing tab and draws a vertical stroke down the middle: a 1. */
  async drawOne() {
    await this.page.getByRole('tab', { name: 'Draw a digit' }).click();
    const box = (await this.page.getByTestId('draw-canvas').boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.15 + 0.07 * i));
    await this.page.mouse.up();
  }

  /** Opens "Inside the network". */
  async openInside() {
    await this.page.getByTestId('inside-toggle').click();
    await expect(this.page.getByTestId('inside-toggle')).toHaveAttribute('aria-expanded', 'true');
  }

  /** One layer's row in the inside view. */
  insideLayer(name: string): Locator {
    return this.insidePanel.locator(`[data-testid="inside-layer"][data-layer="${name}"]`);
  }

  /** The feature maps of a layer (one canvas per map). */
  insideMaps(layer: string): Locator {
    return this.insideLayer(layer).getByTestId('inside-map');
  }

  /** Clicks the value at (row, column) of a layer's map `channel` (0-based), whose maps are `size` values across. */
  async clickMapValue(layer: string, channel: number, row: number, column: number, size: number) {
    const map = this.insideMaps(layer).nth(channel);
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: ((column + 0.5) * box.width) / size, y: ((row + 0.5) * box.height) / size } });
  }

  /** The receptive-field outline drawn on a layer's maps. */
  fieldOutline(layer: string): Locator {
    return this.insideLayer(layer).getByTestId('field-outline');
  }

  async choose(label: string | RegExp) {
    await this.page.getByLabel(label).check();
  }
}
