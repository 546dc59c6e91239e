/**
 * Pan and zoom of the diagram: d3-zoom owns the transform of the drawing's top group (the <svg> is the viewport's size,
 * so no layer larger than the screen is ever painted; the diagram draws only the nodes near the view); the wheel scrolls the drawing (and the
 * page once the drawing has no more to show that way), Ctrl/Cmd + wheel or a pinch zooms. Fitting never shrinks text
 * below a minimum on-screen size: past it the view starts at the top (or left) and the user scrolls.
 */
import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from 'd3';
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Box } from '../../viz/box';


/** Smallest font size in the drawing (edge labels), in drawing units: the floor scale is minTextPx / this. */
const SMALLEST_FONT = 10.5;
const MIN_K = 0.05;
const MAX_K = 3;
const MARGIN = 10;
/** Below this scale text is under 5 px on screen and is not drawn. */
const FAR_K = 0.45;

/** What the hook gives the diagram. */
export interface DiagramZoom {
  /** Fits a box into the viewport at a scale between the readable floor and 1 (or `maxK`); the whole drawing by default. */
  fitBox(box?: Box, maxK?: number): void;
  /** Centres a point, at scale k (the current one when left out). */
  centerOn(x: number, y: number, k?: number): void;
  zoomBy(factor: number): void;
  /** Pans the least distance that brings a box into view. */
  reveal(box: Box): void;
}

/**
 * Sets up d3-zoom on the viewport for the drawing in `svgRef`. `bounds` is the drawing's size; `minTextPx` the
 * smallest on-screen text size a fit may reach; `onView` hears the part of the drawing in view after every move.
 */
export function useDiagramZoom(
  viewRef: RefObject<HTMLDivElement | null>,
  svgRef: RefObject<SVGSVGElement | null>,
  bounds: { width: number; height: number },
  minTextPx: number,
  onView?: (visible: Box) => void,
): DiagramZoom {
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const boundsRef = useRef(bounds);
  const onViewRef = useRef(onView);
  useLayoutEffect(() => {
    boundsRef.current = bounds;
    onViewRef.current = onView;
  });

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const size = { width: view.clientWidth, height: view.clientHeight };
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([MIN_K, MAX_K])
      // The wheel zooms only with Ctrl/Cmd (a pinch sends Ctrl); without, it scrolls (below).
      .filter((e: Event) => (e.type === 'wheel' ? (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey : !(e as MouseEvent).button))
      .on('zoom', (e) => {
        const svg = svgRef.current;
        const t = e.transform;
        svg?.querySelector('.dg-zoom')?.setAttribute('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
        // Zoomed out past legibility (under 5 px), the text goes: a repaint of hundreds of nodes' text per step was
        // the long task.
        svg?.classList.toggle('far', t.k < FAR_K);
        // The part of the drawing in view, in drawing units (the diagram draws only what is near it). The viewport's
        // size comes from the observer: reading clientWidth here, right after setting the transform, forced a style
        // and layout pass of the whole drawing on every pan event (seconds of long tasks with ResNet-152 open).
        onViewRef.current?.({ x: -t.x / t.k, y: -t.y / t.k, width: size.width / t.k, height: size.height / t.k });
      });
    const resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      size.width = entry.contentRect.width;
      size.height = entry.contentRect.height;
    });
    resize.observe(view);
    zoomRef.current = z;
    const sel = select(view).call(z).on('dblclick.zoom', null);
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      const t = zoomTransform(view);
      const b = boundsRef.current;
      const dx = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
      const dy = e.shiftKey && e.deltaX === 0 ? 0 : e.deltaY;
      const clampAxis = (pos: number, delta: number, content: number, room: number) => {
        if (content + 2 * MARGIN <= room) return pos;
        return Math.min(MARGIN, Math.max(room - MARGIN - content, pos - delta));
      };
      const x = clampAxis(t.x, dx, b.width * t.k, size.width);
      const y = clampAxis(t.y, dy, b.height * t.k, size.height);
      if (Math.abs(x - t.x) < 0.5 && Math.abs(y - t.y) < 0.5) return; // nothing more to show that way: the page scrolls
      e.preventDefault();
      sel.call(z.transform, zoomIdentity.translate(x, y).scale(t.k));
    };
    view.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      resize.disconnect();
      view.removeEventListener('wheel', onWheel);
      sel.on('.zoom', null);
      zoomRef.current = null;
    };
  }, [viewRef, svgRef]);

  const floorK = minTextPx / SMALLEST_FONT;

  const fitBox = useCallback(
    (box?: Box, maxK = 1) => {
      const view = viewRef.current;
      const z = zoomRef.current;
      if (!view || !z) return;
      const b = box ?? { x: 0, y: 0, ...boundsRef.current };
      const w = view.clientWidth || 800;
      const h = view.clientHeight || 560;
      const k = Math.min(MAX_K, Math.max(floorK, Math.min(maxK, (w - 2 * MARGIN) / b.width, (h - 2 * MARGIN) / b.height)));
      // Centre what fits; where it does not, start at its top or left edge.
      const tx = b.width * k + 2 * MARGIN <= w ? (w - b.width * k) / 2 - b.x * k : MARGIN - b.x * k;
      const ty = b.height * k + 2 * MARGIN <= h ? (h - b.height * k) / 2 - b.y * k : MARGIN - b.y * k;
      select(view).call(z.transform, zoomIdentity.translate(tx, box ? ty : Math.min(ty, MARGIN)).scale(k));
    },
    [viewRef, floorK],
  );

  const centerOn = useCallback(
    (x: number, y: number, k?: number) => {
      const view = viewRef.current;
      const z = zoomRef.current;
      if (!view || !z) return;
      const kk = k ?? zoomTransform(view).k;
      select(view).call(z.transform, zoomIdentity.translate(view.clientWidth / 2 - x * kk, view.clientHeight / 2 - y * kk).scale(kk));
    },
    [viewRef],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      if (viewRef.current && zoomRef.current) select(viewRef.current).call(zoomRef.current.scaleBy, factor);
    },
    [viewRef],
  );

  const reveal = useCallback(
    (box: Box) => {
      const view = viewRef.current;
      const z = zoomRef.current;
      if (!view || !z) return;
      // Focusing an element scrolls its clipped container; the zoom transform is the only offset we want.
      view.scrollTop = 0;
      view.scrollLeft = 0;
      const t = zoomTransform(view);
      const [x0, y0] = t.apply([box.x, box.y]);
      const [x1, y1] = t.apply([box.x + box.width, box.y + box.height]);
      const shift = (lo: number, hi: number, room: number) => (lo < 0 ? -lo + MARGIN : hi > room ? Math.max(room - hi - MARGIN, -lo + MARGIN) : 0);
      const dx = shift(x0, x1, view.clientWidth);
      const dy = shift(y0, y1, view.clientHeight);
      if (dx !== 0 || dy !== 0) select(view).call(z.transform, zoomIdentity.translate(t.x + dx, t.y + dy).scale(t.k));
    },
    [viewRef],
  );

  return { fitBox, centerOn, zoomBy, reveal };
}
