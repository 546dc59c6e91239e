/**
 * `npm run bench:browser`: the architecture diagram in real headless Chromium, against the production build.
 * - first render of ResNet-152's diagram (layout + React commit, and to the next frame), over fresh page loads;
 * - expanding and collapsing a stage (click to the next frame);
 * - long tasks (> 50 ms, PerformanceObserver 'longtask') and the worst frame gap during a scripted pan and zoom,
 *   with the stages collapsed and with every block open;
 * - long tasks while "Expand one level" opens every level of ResNet-152 and GoogLeNet (layout in the worker), and
 *   how long each level takes to show (click to the frame after the new drawing);
 * - the builder at scale: fork ResNet-152, open a stage and a block, and edit one field of a layer, from the input
 *   event to the start of the frame that shows the new row (requestAnimationFrame), and to React's commit;
 * - the Predict screen: for a shipped model, with crops and as an ensemble, the worker's time per answer (forward
 *   passes to probabilities read back, wasm here) and the time from a click on a sample to its answer on screen.
 * Writes bench/results/browser.json and prints the figures. Targets: first render < 300 ms, no long task while panning.
 * Options: --dist <folder> (default dist-bench), BENCH_PORT (default 4199), --runs <n> (default 7).
 */
/* global document, window, MouseEvent, MutationObserver, requestAnimationFrame */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromiumPath } from '../scripts/chromium-path.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const DIST = arg('dist', 'dist-bench');
const RUNS = Number(arg('runs', '7'));
const PORT = Number(process.env.BENCH_PORT ?? 4199);
const BASE = `http://localhost:${PORT}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const round = (x) => Math.round(x * 10) / 10;

async function waitForServer(url, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

/** Median worker time and click-to-answer time of the Predict screen, per setting. */
async function predictTimings(page) {
  const cases = [
    { name: 'LeNet-5, centre only', samples: [['mnist/digit-0-3.png', '0'], ['mnist/digit-1-2.png', '1']], setup: async () => {} },
    { name: 'LeNet-5, 10 crops', samples: [['mnist/digit-0-3.png', '0'], ['mnist/digit-1-2.png', '1']], setup: async () => page.getByLabel('10 crops (with mirrors)').check() },
    { name: 'LeNet-5 x3 ensemble, 5 crops', samples: [['mnist/digit-0-3.png', '0'], ['mnist/digit-1-2.png', '1']], setup: async () => { await page.getByLabel('5 crops').check(); await page.getByLabel(/Ensemble/).check(); } },
    { name: 'ResNet-mini, centre only', samples: [['fashion/trouser-2.png', 'Trouser'], ['fashion/bag-18.png', 'Bag']], setup: async () => {} },
  ];
  const out = [];
  for (const c of cases) {
    await page.goto(`${BASE}/?view=predict`);
    await page.locator(`[data-sample="${c.samples[0][0]}"]`).click();
    await page.getByTestId('prediction').waitFor();
    await c.setup();
    const worker = [];
    const click = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const [file, label] = c.samples[i % 2];
      const t0 = Date.now();
      await page.locator(`[data-sample="${file}"]`).click();
      await page.getByTestId('prediction').filter({ hasText: `${label} (` }).waitFor();
      await page.locator('[data-testid="predict-screen"] section[aria-labelledby="predict-answer-h"][aria-busy="false"]').waitFor();
      click.push(Date.now() - t0);
      const cost = await page.getByTestId('cost-answer').textContent();
      worker.push(Number(/([\d.]+) ms/.exec(cost ?? '')?.[1]));
    }
    out.push({ case: c.name, workerMedianMs: round(median(worker)), clickToAnswerMedianMs: round(median(click)), runs: RUNS * 2 });
  }
  return out;
}

/** Clicks a diagram node inside the page and resolves on the first frame after the diagram shows `nodes` nodes. */
function clickAndTime(page, testId, nodes) {
  return page.evaluate(
    ({ testId, nodes }) =>
      new Promise((resolve) => {
        const diagram = document.querySelector('[data-testid="diagram"]');
        const el = document.querySelector(`[data-testid="${testId}"]`);
        const t0 = performance.now();
        el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        const check = () => (diagram.dataset.visibleNodes === String(nodes) ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(check));
        check();
      }),
    { testId, nodes },
  );
}

/** Pans and zooms with the mouse while recording long tasks and frame gaps. */
async function panZoom(page) {
  await page.evaluate(() => {
    window.__bench = { longTasks: [], gaps: [], running: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t) => {
      window.__bench.gaps.push(t - last);
      last = t;
      if (window.__bench.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = await page.getByTestId('diagram-viewport').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(cx + Math.sin(i / 5) * 200, cy - i * 8);
    await page.mouse.up();
    // Ctrl + wheel zooms (the plain wheel scrolls the drawing).
    await page.keyboard.down('Control');
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, i < 5 ? -120 : 120);
    await page.keyboard.up('Control');
  }
  return page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          window.__bench.running = false;
          resolve({ longTasks: window.__bench.longTasks, maxGap: Math.max(...window.__bench.gaps.slice(1)) });
        }),
      ),
  );
}

/**
 * Opens a network and presses "Expand one level" until every group is open, recording long tasks throughout and, per
 * level, the time from the click to the first frame after the diagram shows the new layout (no layout pending).
 */
async function expandLevels(page, model) {
  await page.goto(`${BASE}/?model=${model}`);
  await page.locator('[data-testid="diagram"][data-ready="true"]').waitFor();
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__levels = { longTasks: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__levels.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const levels = [];
  const more = page.getByTestId('diagram-expand-level');
  while (await more.isEnabled()) {
    const level = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const diagram = document.querySelector('[data-testid="diagram"]');
          const before = diagram.dataset.visibleNodes;
          const t0 = performance.now();
          document.querySelector('[data-testid="diagram-expand-level"]').click();
          const check = () =>
            diagram.dataset.visibleNodes !== before && !diagram.dataset.pending
              ? requestAnimationFrame(() => resolve({ nodes: Number(diagram.dataset.visibleNodes), ms: performance.now() - t0, layoutMs: Number(diagram.dataset.layoutMs), where: diagram.dataset.layoutWhere }))
              : requestAnimationFrame(check);
          check();
        }),
    );
    levels.push({ ...level, ms: round(level.ms), layoutMs: round(level.layoutMs) });
  }
  await page.waitForTimeout(300);
  const longTasks = await page.evaluate(() => window.__levels.longTasks);
  return { model, levels, longTasks: longTasks.length, maxLongTaskMs: round(Math.max(0, ...longTasks)), targetMs: 50 };
}

/** Forks ResNet-152 on Build, opens layer3 and its block 5, and times edits of one field: input event -> commit -> next frame. */
async function builderEditTimings(page) {
  await page.goto(`${BASE}/?view=build`);
  await page.getByTestId('fork-select').selectOption('resnet152');
  await page.getByTestId('fork-button').click();
  await page.getByTestId('builder-group-toggle-layer3').click();
  await page.getByTestId('builder-group-toggle-layer3.5').click();
  await page.getByTestId('field-layer3.5.conv1-filters').waitFor();
  await page.waitForTimeout(500);
  const commit = [];
  const frame = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const [c, f] = await page.evaluate(async (filters) => {
      const field = document.querySelector('[data-testid="field-layer3.5.conv1-filters"]');
      const cell = document.querySelector('[data-testid="params-layer3.5.conv1"]');
      let committed = 0;
      const seen = new MutationObserver(() => (committed ||= performance.now()));
      seen.observe(cell, { attributes: true, childList: true, subtree: true, characterData: true });
      const t0 = performance.now();
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value').set.call(field, String(filters));
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const framed = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      await new Promise((r) => setTimeout(r, 300));
      seen.disconnect();
      return [committed - t0, framed - t0];
    }, 200 + i);
    // The first edit warms the code paths; it is left out.
    if (i > 0) {
      commit.push(c);
      frame.push(f);
    }
  }
  const rowsInTable = await page.locator('[data-testid="builder-table"] tbody tr').count();
  return { toFrameMedianMs: round(median(frame)), toFrameMaxMs: round(Math.max(...frame)), toCommitMedianMs: round(median(commit)), runs: RUNS, rowsInTable, targetMs: 50 };
}

async function main() {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--outDir', DIST], { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  let exited = null;
  server.on('exit', (code) => (exited = code));
  try {
    await waitForServer(BASE);
    // Another server already on the port would answer too: make sure ours is the one running.
    await new Promise((r) => setTimeout(r, 300));
    if (exited !== null) throw new Error(`vite preview exited (code ${exited}); is port ${PORT} taken? Set BENCH_PORT.`);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const commits = [];
    const layouts = [];
    const frames = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${BASE}/?model=resnet152`);
      const d = page.getByTestId('diagram');
      await d.and(page.locator('[data-ready="true"]')).waitFor();
      commits.push(Number(await d.getAttribute('data-commit-ms')));
      layouts.push(Number(await d.getAttribute('data-layout-ms')));
      frames.push(Number(await d.getAttribute('data-frame-ms')));
    }
    const collapsedNodes = Number(await page.getByTestId('diagram').getAttribute('data-visible-nodes'));
    await page.getByTestId('diagram-viewport').scrollIntoViewIfNeeded();
    const panCollapsed = await panZoom(page);
    const expand = [];
    const collapse = [];
    for (let i = 0; i < RUNS; i++) {
      expand.push(await clickAndTime(page, 'diagram-node-g:layer3', collapsedNodes - 1 + 36));
      collapse.push(await clickAndTime(page, 'diagram-collapse-g:layer3', collapsedNodes));
    }
    // Every stage and block open: all 465 nodes.
    const t0 = Date.now();
    const more = page.getByTestId('diagram-expand-level');
    while (await more.isEnabled()) await more.click();
    await page.locator('[data-testid="diagram"][data-visible-nodes="465"]').waitFor({ timeout: 60_000 });
    const expandAllMs = Date.now() - t0;
    const panExpanded = await panZoom(page);
    const expandLevelsFigures = [await expandLevels(page, 'resnet152'), await expandLevels(page, 'googlenet')];
    const builder = await builderEditTimings(page);
    const predict = await predictTimings(page);
    await browser.close();

    const results = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length}-core ${os.cpus()[0]?.model ?? ''}`.trim(),
      browser: chromiumPath(),
      network: 'ResNet-152 (465 nodes)',
      loadAverage1m: round(os.loadavg()[0]),
      firstRender: { layoutMedianMs: round(median(layouts)), commitMedianMs: round(median(commits)), toFrameMedianMs: round(median(frames)), runs: RUNS, visibleNodes: collapsedNodes, targetMs: 300 },
      expandStage: { medianMs: round(median(expand)), maxMs: round(Math.max(...expand)), stage: 'layer3 (36 blocks)' },
      collapseStage: { medianMs: round(median(collapse)), maxMs: round(Math.max(...collapse)) },
      expandEveryBlockMs: expandAllMs,
      panZoomCollapsed: { longTasks: panCollapsed.longTasks.length, maxLongTaskMs: round(Math.max(0, ...panCollapsed.longTasks)), maxFrameGapMs: round(panCollapsed.maxGap) },
      panZoomAllOpen: { longTasks: panExpanded.longTasks.length, maxLongTaskMs: round(Math.max(0, ...panExpanded.longTasks)), maxFrameGapMs: round(panExpanded.maxGap) },
      expandLevels: expandLevelsFigures,
      builderEdit: builder,
      predict,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/browser.json', `${JSON.stringify(results, null, 2)}\n`);
    const f = results;
    console.log(`ResNet-152 diagram in headless Chromium (${f.machine})`);
    console.log(`  load average while measuring: ${f.loadAverage1m}`);
    console.log(`  first render (${f.firstRender.visibleNodes} nodes): dagre layout ${f.firstRender.layoutMedianMs} ms; whole network view (diagram, charts, 465-row table) ${f.firstRender.commitMedianMs} ms to commit, ${f.firstRender.toFrameMedianMs} ms to the next frame (median of ${RUNS}; target < 300 ms)`);
    console.log(`  expand layer3 (36 blocks): ${f.expandStage.medianMs} ms; collapse: ${f.collapseStage.medianMs} ms (click to next frame, median)`);
    console.log(`  open every block (465 nodes): ${f.expandEveryBlockMs} ms`);
    console.log(`  pan/zoom, stages collapsed: ${f.panZoomCollapsed.longTasks} long tasks (max ${f.panZoomCollapsed.maxLongTaskMs} ms), worst frame gap ${f.panZoomCollapsed.maxFrameGapMs} ms`);
    console.log(`  pan/zoom, all 465 nodes: ${f.panZoomAllOpen.longTasks} long tasks (max ${f.panZoomAllOpen.maxLongTaskMs} ms), worst frame gap ${f.panZoomAllOpen.maxFrameGapMs} ms`);
    for (const e of f.expandLevels)
      console.log(`  expand every level of ${e.model}: ${e.levels.map((l) => `${l.nodes} nodes in ${l.ms} ms (layout ${l.layoutMs} ms, ${l.where})`).join('; ')}; ${e.longTasks} long tasks, longest ${e.maxLongTaskMs} ms (target: none over 50 ms)`);
    console.log(`  builder, ResNet-152 forked (${f.builderEdit.rowsInTable} rows in the table with layer3 and layer3.5 open): an edit of layer3.5.conv1's filters ${f.builderEdit.toFrameMedianMs} ms from input to the frame showing it (max ${f.builderEdit.toFrameMaxMs}), ${f.builderEdit.toCommitMedianMs} ms to React's commit (median of ${f.builderEdit.runs}; target < 50 ms)`);
    for (const p of f.predict) console.log(`  predict, ${p.case}: ${p.workerMedianMs} ms in the worker, ${p.clickToAnswerMedianMs} ms from a click to the answer on screen (median of ${p.runs})`);
    console.log('  wrote bench/results/browser.json');
  } finally {
    try {
      process.kill(-server.pid);
    } catch {
      /* the server already exited */
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
