import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { GifWriter } from 'omggif';
import { PredictPage } from './pages/PredictPage';

/** A PNG whose header claims `w` x `h` pixels (no real pixel data: the app must refuse it from the header). */
function pngHeader(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]);
}

/** A 2-frame 28x28 animated GIF: a dark vertical bar on white (a "1"), then a blank frame. */
function animatedGif(): Buffer {
  const buf = Buffer.alloc(4096);
  const gif = new GifWriter(buf, 28, 28, { loop: 0, palette: [0xffffff, 0x000000] });
  const bar = new Array<number>(28 * 28).fill(0).map((_, i) => (i % 28 >= 12 && i % 28 <= 15 && i >= 4 * 28 && i < 24 * 28 ? 1 : 0));
  gif.addFrame(0, 0, 28, 28, bar, { delay: 50 });
  gif.addFrame(0, 0, 28, 28, new Array<number>(28 * 28).fill(0), { delay: 50 });
  return buf.subarray(0, gif.end());
}

test.describe('Predict screen', () => {
  test('a dropped MNIST digit goes through the shown steps and the shipped LeNet-5 names it', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.dropFile('public/sample-images/mnist/digit-7-0.png', 'image/png');
    await expect(p.prediction).toContainText('7');
    const bars = await p.bars();
    expect(bars).toHaveLength(5);
    expect(bars[0]![0]).toBe('7');
    expect(bars[0]![1]).toBeGreaterThan(0.9);
    // Sorted, and a probability distribution's top five sum to at most 1.
    for (let i = 1; i < 5; i++) expect(bars[i]![1]).toBeLessThanOrEqual(bars[i - 1]![1]);
    expect(bars.reduce((a, b) => a + b[1], 0)).toBeLessThanOrEqual(1.0001);
    // The original and the six preprocessing steps, the invert step saying it inverted a light background.
    await expect(p.steps).toHaveCount(7);
    await expect(p.steps.filter({ hasText: 'Invert' })).toContainText(/invert/i);
    await expect(page.locator('[data-step="centre"]')).toContainText('14');
  });

  test('the shipped model says how it was made and opens its network view', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await expect(page.getByRole('radio', { name: /^LeNet-5 · MNIST\s+9\d\.\d\d% test accuracy/ })).toBeChecked();
    const made = page.getByTestId('model-made');
    await made.locator('summary').click();
    await expect(made).toContainText('MNIST: 60,000 training images (all), 10,000 test images; 4 epochs of Adam');
    await made.getByRole('link', { name: 'See its layers, shapes and parameters' }).click();
    await expect(page).toHaveURL(/model=lenet5-modern/);
    await expect(page.getByTestId('total-params')).toContainText('61.71 k');
  });

  test('an image dropped on the gallery opens the Predict screen with its answer', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('try-predict')).toBeVisible();
    const p = new PredictPage(page);
    p.dropTarget = page.getByTestId('gallery');
    await p.dropFile('public/sample-images/mnist/digit-6-11.png', 'image/png');
    await expect(p.screen).toBeVisible();
    await expect(p.prediction).toContainText('6 (');
    expect(new URL(page.url()).searchParams.get('view')).toBe('predict');
  });

  test('samples switch to the model of their dataset; every shipped digit sample is named right', async ({ page }) => {
    test.setTimeout(90_000);
    const p = new PredictPage(page);
    await p.goto();
    for (const [file, label] of [
      ['mnist/digit-0-3.png', '0'],
      ['mnist/digit-4-4.png', '4'],
      ['mnist/digit-9-7.png', '9'],
    ] as const) {
      await p.sample(file).click();
      await expect(p.prediction).toContainText(`${label} (`);
      await expect(p.prediction).toContainText('correct');
    }
    // Pasting an image (Ctrl+V) works anywhere on the screen.
    await page.evaluate(async () => {
      const bytes = await (await fetch('sample-images/mnist/digit-5-8.png')).arrayBuffer();
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'clipboard.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
    });
    await expect(p.prediction).toContainText('5 (');
    await p.sample('fashion/trouser-2.png').click();
    await expect(page.getByRole('radio', { name: /^ResNet-mini · Fashion-MNIST/ })).toBeChecked();
    await expect(p.prediction).toContainText('Trouser');
  });

  test('a text file, an empty, a damaged and a 20000x20000 PNG, an SVG with script are refused with a message, the answer stays; an animated GIF gives its first frame', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.sample('mnist/digit-2-1.png').click();
    await expect(p.prediction).toContainText('2 (');
    await p.drop('notes.txt', Buffer.from('hello, this is not a picture\n'), 'text/plain');
    await expect(p.imageError).toContainText('notes.txt is not an image');
    await expect(p.prediction).toContainText('2 (');
    await p.drop('empty.png', Buffer.alloc(0), 'image/png');
    await expect(p.imageError).toContainText('empty.png is empty (0 bytes)');
    await p.drop('broken.png', pngHeader(20, 20), 'image/png');
    await expect(p.imageError).toContainText('broken.png is damaged');
    await expect(p.prediction).toContainText('2 (');
    await p.drop('huge.png', pngHeader(20000, 20000), 'image/png');
    await expect(p.imageError).toContainText('20000 x 20000');
    await p.drop('evil.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n<script>window.__pwned = 1</script>\n</svg>'), 'image/svg+xml');
    await expect(p.imageError).toContainText('contains script');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // An animated GIF: the first frame is used, and the screen says so.
    await p.drop('blink.gif', animatedGif(), 'image/gif');
    await expect(page.getByTestId('preprocess-steps').locator('..')).toContainText('animated GIF with 2 frames: the first frame is used');
    await expect(p.prediction).toContainText('1 (');
    // Still usable: the next good image gets its answer.
    await p.sample('mnist/digit-1-2.png').click();
    await expect(p.prediction).toContainText('1 (');
  });

  test('the 10-crop shows its ten crops, the answer without it, and a 10x cost', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.sample('mnist/digit-3-18.png').click();
    await expect(p.prediction).toBeVisible();
    await p.choose('10 crops (with mirrors)');
    await expect(p.crops).toHaveCount(10);
    await expect(page.getByTestId('multiplier-answer')).toHaveText('10x');
    await expect(page.getByTestId('multiplier-baseline')).toHaveText('1x');
    await expect(page.getByTestId('cost-answer')).toContainText('10 forward passes · 4.17 M MACs');
    await expect(p.baseline).toHaveCount(5);
    await p.choose('5 crops');
    await expect(p.crops).toHaveCount(5);
    await page.getByLabel(/Ensemble/).check();
    // Four LeNet-5s (three seeds and the augmented one) x five crops.
    await expect(page.getByTestId('multiplier-answer')).toHaveText('20x');
    await expect(page.getByTestId('cost-answer')).toContainText('20 forward passes');
  });

  test('a TF.js model.json with its weights loads from files, is analysed, and names ImageNet classes', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    // model.json alone: the missing weights are named.
    await p.userModelFiles.setInputFiles(['e2e/fixtures/tiny-imagenet/model.json']);
    await expect(p.userModelError).toContainText('missing: model.weights.bin');
    await p.userModelFiles.setInputFiles(['e2e/fixtures/tiny-imagenet/model.json', 'e2e/fixtures/tiny-imagenet/model.weights.bin']);
    await expect(p.userModelInfo).toContainText('32 x 32 x 3');
    await expect(p.userModelInfo).toContainText('1000 classes (ImageNet names)');
    // TF.js's count and the engine's, from the same model.json.
    await expect(p.userModelInfo).toContainText("9,224 (TF.js); ConvAtlas's engine: 9,224");
    await p.sample('photos/chelsea.jpg').click();
    await expect(p.top5).toHaveCount(5);
    const labels = (await p.bars()).map((b) => b[0]);
    expect(labels.some((l) => /,|[a-z]{3}/.test(l))).toBe(true);
    expect(labels.every((l) => !/^class \d+$/.test(l))).toBe(true);
  });

  test('a model.json loads from a URL, its weights from beside it; a wrong address gets a message', async ({ page, context }) => {
    await context.route('https://models.example/**', (route) => {
      const { pathname } = new URL(route.request().url());
      const name = pathname.split('/').pop()!;
      if (pathname.startsWith('/tiny/') && (name === 'model.json' || name === 'model.weights.bin')) return route.fulfill({ path: `e2e/fixtures/tiny-imagenet/${name}`, headers: { 'access-control-allow-origin': '*' } });
      return route.fulfill({ status: 404, body: 'not here', headers: { 'access-control-allow-origin': '*' } });
    });
    const p = new PredictPage(page);
    await p.goto();
    await page.getByLabel('Address of a model.json').fill('https://models.example/nothing/model.json');
    await page.getByRole('button', { name: 'Load' }).click();
    await expect(p.userModelError).toContainText('https://models.example/nothing/model.json answered HTTP 404');
    await page.getByLabel('Address of a model.json').fill('https://models.example/tiny/model.json');
    await page.getByRole('button', { name: 'Load' }).click();
    await expect(p.userModelInfo).toContainText('1000 classes (ImageNet names)');
    await expect(page.getByRole('radio', { name: /^From a file: tiny\/model\.json/ })).toBeChecked();
  });

  test('the cat photo on the digit model is doubted, with the signals that said no; its answer is still shown, labelled; a digit is not doubted', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.sample('mnist/digit-7-0.png').click();
    await expect(p.prediction).toContainText('7 (');
    await expect(p.honesty).toHaveAttribute('data-flagged', 'false');
    await expect(p.honestyHeadline).toHaveText('This looks like the MNIST training digits: all 6 measurements are within their usual range.');
    await expect(p.answerLabel).toHaveCount(0);
    await expect(p.samplesNote('photo')).toContainText('None of the shipped models knows these: they know digits and clothing.');
    await expect(p.samplesNote('mnist')).toHaveText('The MNIST models know these.');
    await p.sample('photos/chelsea.jpg').click();
    await expect(p.honesty).toHaveAttribute('data-flagged', 'true');
    await expect(p.honestyHeadline).toHaveText('This does not look like a handwritten digit (it is a colour photo with texture); the shipped models know digits and clothing.');
    await expect(page.getByRole('radio', { name: /^LeNet-5 · MNIST\s+9/ })).toBeChecked();
    await expect(p.answerLabel).toHaveText("The model's answer, if it were a digit:");
    await expect(p.prediction).toContainText(/^\d \(\d+(\.\d+)?%\)/);
    await expect(p.check('colour')).toHaveAttribute('data-unusual', 'true');
    await expect(p.check('colour')).toContainText(/^✗ Unusual: colour \(mean saturation\): \d+%; all 60,000 MNIST training digits have at most 0%$/);
    await expect(p.check('energy')).toContainText("the model's energy score");
    // On the Fashion-MNIST model it is no clothing item either.
    await page.getByRole('radio', { name: /^ResNet-mini · Fashion-MNIST/ }).check();
    await expect(p.honestyHeadline).toContainText('This does not look like a Fashion-MNIST clothing item (it is a colour photo');
    await expect(p.answerLabel).toHaveText("The model's answer, if it were a piece of clothing:");
    // The photo row leads to the Transfer screen's own classes.
    await page.getByTestId('teach-own-classes').click();
    await expect(page.getByTestId('own-classes')).toBeFocused();
    expect(new URL(page.url()).searchParams.get('view')).toBe('transfer');
  });

  test('drawing a vertical stroke is read as a 1 while drawing', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.drawOne();
    await expect(p.prediction).toContainText('1 (');
    await expect(p.honesty).toHaveAttribute('data-flagged', 'false');
  });
});
