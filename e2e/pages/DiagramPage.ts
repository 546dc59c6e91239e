import { expect, type Locator, type Page } from '@playwright/test';

/** The network view's architecture diagram, its details panel, the per-layer charts and the notes panel. */
export class DiagramPage {
  readonly diagram: Locator;
  readonly svg: Locator;
  readonly details: Locator;
  readonly arithmetic: Locator;
  readonly charts: Locator;
  readonly notes: Locator;

  constructor(readonly page: Page, readonly testId = 'diagram') {
    this.diagram = page.getByTestId(testId);
    this.svg = page.getByTestId(`${testId}-svg`);
    this.details = page.getByTestId(`${testId}-details`);
    this.arithmetic = page.getByTestId(`${testId}-details-arithmetic`);
    this.charts = page.getByTestId('layer-charts');
    this.notes = page.getByTestId('notes-panel');
  }

  /** Opens a network from the URL and waits until its diagram has rendered. */
  async goto(id: string) {
    await this.page.goto(`./?model=${encodeURIComponent(id)}`);
    await this.waitReady();
  }

  async waitReady() {
    await expect(this.diagram).toHaveAttribute('data-ready', 'true');
  }

  /** A node by its key: a layer id, or "g:" + a group's prefix ("g:layer1"). */
  node(key: string): Locator {
    return this.page.getByTestId(`${this.testId}-node-${key}`);
  }

  /** Clicks a node as a user would after panning to it: focusing it brings it into view first. */
  async clickNode(key: string) {
    const n = this.node(key);
    await n.focus();
    await expect(n).toBeInViewport();
    await n.click();
  }

  /** The shape label on the edge between two visible nodes. */
  edgeLabel(from: string, to: string): Locator {
    return this.page.getByTestId(`${this.testId}-edge-label-${from}->${to}`);
  }

  /** The labels of every edge leaving a node. */
  edgeLabelsFrom(from: string): Locator {
    return this.svg.locator(`.dg-edge[data-from="${from}"] .dg-label`);
  }

  collapseButton(key: string): Locator {
    return this.page.getByTestId(`${this.testId}-collapse-${key}`);
  }

  exportButton(kind: 'svg' | 'png'): Locator {
    return this.page.getByTestId(`${this.testId}-export-${kind}`);
  }

  /** The toolbar button with this test-id suffix ("present", "view-volume", "dir-lr", "expand-level"). */
  button(suffix: string): Locator {
    return this.page.getByTestId(`${this.testId}-${suffix}`);
  }

  /** The presentation bar's line naming the current layer. */
  get presentStep(): Locator {
    return this.page.getByTestId(`${this.testId}-present-step`);
  }

  /** The data-key of the element that has focus, if it is a diagram node. */
  focusedKey(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? null);
  }

  chartBar(chart: 'params' | 'memory', layerId: string): Locator {
    return this.page.getByTestId(`chart-${chart}`).locator(`rect.bar[data-layer="${layerId}"]`);
  }
}
