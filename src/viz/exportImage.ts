/**
 * Downloads a drawn SVG as a standalone SVG file or a 2x PNG, for slides and papers: the whole drawing (not the
 * zoomed view), the styles it needs inlined, and a title naming the network. Browser only (DOM, canvas).
 */

/** Presentation properties copied from the live drawing onto the exported copy, so it renders without the app's CSS. */
const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline', 'opacity', 'fill-opacity', 'marker-end'];

export interface ExportOptions {
  /** Title drawn above the figure, e.g. "VGG-16 — parameters per layer". */
  title: string;
  /** File name without extension. */
  fileName: string;
  /** The drawing's full extent, when it is larger than the element on screen (a zoomed diagram). */
  bounds?: { width: number; height: number };
  /** Selector of a zoomed inner group whose transform is reset in the copy. */
  resetTransform?: string;
}

const TITLE_H = 34;

/** A standalone SVG document (as text) of the element, its styles as attributes, a white background and a title. */
export function svgText(svg: SVGSVGElement, o: ExportOptions): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll<SVGElement>('*');
  const dst = clone.querySelectorAll<SVGElement>('*');
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const out = dst[i];
    if (!out) return;
    // As presentation attributes, not a style attribute: the page's Content-Security-Policy (which a blob: SVG
    // loaded for the PNG inherits) refuses inline styles, and the computed values already include them.
    out.removeAttribute('style');
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v && v !== 'none' && v !== 'normal') out.setAttribute(p, v);
      else if (p === 'fill' || p === 'stroke') out.setAttribute(p, v || 'none');
    }
    if (cs.display === 'none' || el.getAttribute('data-export') === 'skip') out.remove();
  });
  const w = Math.ceil(o.bounds?.width ?? svg.viewBox.baseVal?.width ?? svg.clientWidth);
  const h = Math.ceil(o.bounds?.height ?? svg.viewBox.baseVal?.height ?? svg.clientHeight);
  if (o.resetTransform) clone.querySelector(o.resetTransform)?.setAttribute('transform', `translate(0, ${TITLE_H})`);
  else {
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('transform', `translate(0, ${TITLE_H})`);
    while (clone.firstChild) g.appendChild(clone.firstChild);
    clone.appendChild(g);
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h + TITLE_H));
  clone.setAttribute('viewBox', `0 0 ${w} ${h + TITLE_H}`);
  clone.removeAttribute('class');
  clone.removeAttribute('style');
  const ns = 'http://www.w3.org/2000/svg';
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  const title = document.createElementNS(ns, 'text');
  title.setAttribute('x', '12');
  title.setAttribute('y', '22');
  for (const [k, v] of [['font-weight', '600'], ['font-size', '16px'], ['font-family', 'system-ui, sans-serif'], ['fill', '#1b1f24']]) title.setAttribute(k!, v!);
  title.textContent = o.title;
  clone.insertBefore(title, bg.nextSibling);
  const t = document.createElementNS(ns, 'title');
  t.textContent = o.title;
  clone.insertBefore(t, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

function download(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Saves the drawing as an .svg file. */
export function downloadSvg(svg: SVGSVGElement, o: ExportOptions): void {
  const url = URL.createObjectURL(new Blob([svgText(svg, o)], { type: 'image/svg+xml' }));
  download(url, `${o.fileName}.svg`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the drawing as a PNG at twice its size (crisp on slides); rejects with a message if the browser cannot draw it. */
export async function downloadPng(svg: SVGSVGElement, o: ExportOptions, scale = 2): Promise<void> {
  const text = svgText(svg, o);
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const w = Number(doc.getAttribute('width'));
  const h = Number(doc.getAttribute('height'));
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the browser could not draw the SVG'));
      img.src = url;
    });
    // Browsers cap canvas sizes (about 16k px a side); shrink a very large drawing rather than fail.
    const s = Math.min(scale, 16000 / w, 16000 / h);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * s));
    canvas.height = Math.max(1, Math.round(h * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2-D canvas');
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the PNG could not be encoded (the drawing may be too large)');
    const png = URL.createObjectURL(blob);
    download(png, `${o.fileName}.png`);
    setTimeout(() => URL.revokeObjectURL(png), 10_000);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file-name-safe slug: "GoogLeNet (Inception v1)" -> "googlenet-inception-v1". */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'figure';
}
