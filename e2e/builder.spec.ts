import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { BuilderPage } from './pages/BuilderPage';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test.describe('builder', () => {
  test('LeNet-5 from a new network: valid from the start; 61,706 parameters; a shape error, its message, undo; saved across a reload; PyTorch code', async ({ page }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.newBlank();
    // A new network starts valid: input, flatten, a 10-way softmax; the input is selected.
    await expect(b.errorCount).toHaveAttribute('data-value', '0');
    await b.expectParams(28 * 28 * 10 + 10);
    await expect(b.row('input')).toHaveAttribute('aria-selected', 'true');
    await b.inputShape.fill('32x32x1');
    await expect(b.shape('input')).toHaveText('32x32x1');

    // Click in the palette: conv after the input (the new layer is selected).
    const c1 = await b.add('conv2d');
    await b.set(c1, 'filters', '6');
    await b.set(c1, 'kernel', '5');
    await b.set(c1, 'padding', 'valid');
    await expect(b.shape(c1)).toHaveText('28x28x6');
    await expect(page.getByTestId(`params-${c1}`)).toHaveAttribute('data-value', '156');

    // Drag and drop from the palette onto a row: the layer goes after it.
    await page.getByTestId('palette-avgPool2d').dragTo(b.row(c1));
    await expect(b.row('avgpool1')).toHaveAttribute('aria-selected', 'true');
    await expect(b.shape('avgpool1')).toHaveText('14x14x6');

    // Keyboard: focus the palette item and press Enter.
    await page.getByTestId('palette-conv2d').focus();
    await page.keyboard.press('Enter');
    await expect(b.row('conv2')).toHaveAttribute('aria-selected', 'true');
    await b.set('conv2', 'filters', '16');
    await b.set('conv2', 'kernel', '5');
    await b.set('conv2', 'padding', 'valid');
    await expect(b.shape('conv2')).toHaveText('10x10x16');

    await b.add('avgPool2d');
    await expect(b.shape('flatten')).toHaveText('400');
    await b.row('flatten').click();
    for (const units of ['120', '84']) {
      const d = await b.add('dense');
      await b.set(d, 'units', units);
    }
    await expect(b.shape('output')).toHaveText('10');
    await b.expectParams(61_706);
    await expect(b.totalParams).toHaveAttribute('title', '61,706');
    await expect(b.errorCount).toHaveAttribute('data-value', '0');

    // A shape error shows at its layer with the engine's message; the layers before it stay analysed.
    await b.set('conv2', 'kernel', '20');
    await expect(b.row('conv2')).toHaveAttribute('data-status', 'error');
    await expect(b.error('conv2')).toHaveText("Error: conv 'conv2': a 20x20 kernel does not fit the 14x14 input; use padding 'same' or a smaller kernel");
    await expect(b.row('dense1')).toHaveAttribute('data-status', 'blocked');
    await expect(b.shape(c1)).toHaveText('28x28x6');
    await expect(b.errorCount).toHaveAttribute('data-value', '1');
    // The diagram follows the same edit: the layer is marked in place with the engine's message.
    await expect(page.getByTestId('builder-diagram-node-conv2')).toHaveAttribute('data-status', 'error');
    await expect(page.getByTestId('builder-diagram-error-conv2')).toContainText('does not fit');

    // Ctrl+Z undoes it (the field follows); Ctrl+Shift+Z redoes; undo again.
    await page.keyboard.press('Control+z');
    await expect(b.errorCount).toHaveAttribute('data-value', '0');
    await expect(page.getByTestId('builder-diagram-node-conv2')).toHaveAttribute('data-status', 'ok');
    await expect(b.field('conv2', 'kernel')).toHaveValue('5');
    await b.expectParams(61_706);
    await page.keyboard.press('Control+Shift+Z');
    await expect(b.errorCount).toHaveAttribute('data-value', '1');
    await b.undoButton.click();
    await b.expectParams(61_706);
    await b.name.fill('My LeNet-5');
    await b.waitSaved();

    // A reload finds the network saved in IndexedDB, open as it was left.
    await page.reload();
    await expect(b.table).toBeVisible();
    await expect(b.name).toHaveValue('My LeNet-5');
    await b.expectParams(61_706);
    await expect(b.savedItem('My LeNet-5')).toBeVisible();

    // PyTorch code states the count it must reproduce.
    await page.getByTestId('export-pytorch').click();
    await expect(b.codePreview).toContainText('# Expected parameters: 61,706 (sum(p.numel() for p in model.parameters())).');
    await expect(b.codePreview).toContainText('self.conv2 = nn.Conv2d(6, 16, kernel_size=(5, 5)');
    // The code opens in a modal dialog; Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('code-dialog')).toHaveCount(0);
    await expect(page.getByTestId('export-pytorch')).toBeFocused();
    await page.getByTestId('export-keras').click();
    await expect(b.codePreview).toContainText('# Expected parameters: 61,706 (model.count_params()).');
  });

  test('a share link opens the same network in a fresh browser context', async ({ page, browser }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.fork('resnet18');
    await b.set('fc', 'units', '37');
    await b.waitSaved();
    const params = await b.totalParams.getAttribute('data-value');
    await page.getByTestId('share-link').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url).toMatch(/\?view=build#spec=/);

    const fresh = await browser.newContext();
    const other = new BuilderPage(await fresh.newPage());
    await other.page.goto(url);
    await expect(other.table).toBeVisible();
    await expect(other.name).toHaveValue('ResNet-18 (fork)');
    await other.expectParams(Number(params));
    await expect(other.field('fc', 'units')).toHaveValue('37');
    await expect(other.notice).toContainText("Opened the shared network 'ResNet-18 (fork)'");
    await other.waitSaved();
    await expect(other.savedItem('ResNet-18 (fork)')).toBeVisible();
    expect(other.page.url()).not.toContain('#spec=');
    await fresh.close();
  });

  test('imports Keras model.json files (Sequential and functional)', async ({ page }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await page.getByTestId('import-file').setInputFiles(fixture('keras-sequential.model.json'));
    await expect(b.notice).toContainText("Imported the Keras model 'mnist_cnn' (10 layers)");
    await b.expectParams(225_162);
    await expect(page.getByTestId('builder-nontrainable-params')).toHaveAttribute('data-value', '64');
    await expect(b.shape('flatten')).toHaveText('1600');

    await page.getByTestId('import-file').setInputFiles(fixture('keras-functional.model.json'));
    await expect(b.notice).toContainText("Imported the Keras model 'tiny_resnet_inception'");
    await b.expectParams(3_426);
    await expect(b.shape('concat')).toHaveText('32x32x24');
    await expect(page.getByTestId('input-res_add-1')).toHaveValue('res_bn');
  });

  test('hostile files and links: a clear message, nothing rendered as HTML, nothing lost', async ({ page }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.fork('lenet5');
    await b.waitSaved();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const evil = '<img src=x onerror="window.__pwned=1">';
    const spec = { schemaVersion: 1, name: evil, inputs: [{ id: 'input', shape: [8, 8, 3] }], nodes: [{ id: evil, kind: '<script>alert(1)</script>', inputs: ['input'] }], outputs: [] };
    await page.getByTestId('import-file').setInputFiles({ name: `${evil}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spec)) });
    await expect(b.notice).toHaveAttribute('data-kind', 'error');
    await expect(b.notice).toContainText(`Could not import '${evil}.json': Not a valid network: nodes[0]`);
    await page.getByTestId('import-file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"schemaVersion": 1, "nodes": [') });
    await expect(b.notice).toContainText("Could not import 'cut.json': Not valid JSON");
    await page.getByTestId('import-file').setInputFiles({ name: 'lstm.model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { name: 'lstm_7', batch_input_shape: [null, 10, 4] } }] } } })) });
    await expect(b.notice).toContainText('the input shape [10,4] is not H x W x C or a vector');
    // Still the forked LeNet-5, untouched, and nothing from the files became markup or ran.
    await expect(b.name).toHaveValue('LeNet-5 (fork)');
    await b.expectParams(61_706);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // A damaged share link, pasted into this tab (only the hash changes) and opened afresh: a message each time,
    // the app works, and the saved network is still open.
    await page.goto('./?view=build#spec=N4Ig<script>');
    await expect(b.notice).toContainText('This link is damaged');
    await page.goto('about:blank');
    await page.goto('./?view=build#spec=N4IgzgxgTgpg');
    await expect(b.notice).toContainText('This link is damaged');
    await expect(b.savedItem('LeNet-5 (fork)')).toBeVisible();
    await b.expectParams(61_706);
    expect(dialogs).toBe(0);
  });

  test('accessibility: no serious or critical axe violations with a network open and an error shown', async ({ page }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.fork('inception-reduced');
    await expect(b.table).toBeVisible();
    await page.getByTestId('palette-dense').click();
    await expect(b.errorCount).not.toHaveAttribute('data-value', '0');
    const r = await new AxeBuilder({ page }).include('[data-testid="builder"]').analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`);
    expect(bad).toEqual([]);
  });

  test("ResNet-50's PyTorch code reads in a dialog as wide as the screen, not a sidebar", async ({ page }) => {
    const b = new BuilderPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await b.goto();
    await b.fork('resnet50');
    await page.getByTestId('export-pytorch').click();
    const dialog = page.getByTestId('code-dialog');
    await expect(dialog).toBeVisible();
    await expect(b.codePreview).toContainText('self.layer1 = nn.Sequential(');
    const box = (await dialog.boundingBox())!;
    // The sidebar gave it 268 px.
    expect(box.width).toBeGreaterThanOrEqual(1000);
    expect(box.height).toBeGreaterThanOrEqual(600);
    // Text readable on a projector: at least 14 px.
    expect(await b.codePreview.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(14);
    await expect(dialog).toContainText(/resnet_50_fork\.py, \d+ lines/);
    await page.getByTestId('code-close').click();
    await expect(dialog).toHaveCount(0);
  });

  test('a forked ResNet-152 opens as stages and blocks; editing a field of one of its layers updates that row and the totals', async ({ page }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.fork('resnet152');
    await b.waitSaved();
    // Four closed stages between the stem and the head, not 465 rows: the input's row, 4 of the stem, 2 of the head.
    await expect(page.getByTestId('builder-group-layer3')).toContainText('36 blocks, 326 layers');
    await expect(b.table.locator('tr.brow')).toHaveCount(7);
    await page.getByTestId('builder-group-toggle-layer3').click();
    await expect(page.getByTestId('builder-group-toggle-layer3')).toHaveAttribute('aria-expanded', 'true');
    await page.getByTestId('builder-group-toggle-layer3.5').click();
    await expect(b.table.locator('tr.brow')).toHaveCount(7 + 9);
    await expect(page.getByTestId('params-layer3.5.conv1')).toHaveAttribute('data-value', String(1024 * 256));
    const before = Number(await page.getByTestId('builder-trainable-params').getAttribute('data-value'));
    await b.set('layer3.5.conv1', 'filters', '128');
    // 1x1 conv 1024 -> 128 (no bias); bn1 128 x 2 learned; the next 3x3 conv 128 -> 256.
    await expect(page.getByTestId('params-layer3.5.conv1')).toHaveAttribute('data-value', String(1024 * 128));
    await expect(b.row('layer3.5.conv2')).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('params-layer3.5.conv2')).toHaveAttribute('data-value', String(3 * 3 * 128 * 256));
    await expect(page.getByTestId('builder-trainable-params')).toHaveAttribute('data-value', String(before - 1024 * 128 - 128 * 2 - 3 * 3 * 128 * 256));
    // Closing the stage hides its rows again.
    await page.getByTestId('builder-group-toggle-layer3').click();
    await expect(b.table.locator('tr.brow')).toHaveCount(7);
  });
});
