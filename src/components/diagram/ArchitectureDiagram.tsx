/**
 * The architecture diagram of any network (zoo or user-built): a dagre-laid-out DAG with shapes on its edges,
 * collapsible stages/blocks/modules, pan and zoom, keyboard navigation, and the selected layer's details.
 * Takes the analysis (and optionally the spec, for the worked arithmetic) as props, so any screen can embed it.
 */
import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from 'd3';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NetworkAnalysis, NetworkSpec } from '../../models';
import { layoutDiagram, neighbour } from '../../viz/diagramLayout';
import { defaultExpanded, deriveHierarchy, expandOneLevel, groupsToReveal } from '../../viz/hierarchy';
import { ExportButtons } from '../charts/ExportButtons';
import { DiagramEdges, DiagramNode, GroupOutlines, LEGEND_SIZE, Legend, Markers } from './DiagramParts';
import { LayerDetails } from './LayerDetails';

export interface ArchitectureDiagramProps {
  analysis: NetworkAnalysis;
  /** The spec the analysis came from; gives the details panel its worked arithmetic. */
  spec?: NetworkSpec | null;
  /** Name drawn on exported images; the analysis's name by default. */
  title?: string;
  /** Height of the viewport in px. */
  height?: number;
  /** Prefix of data-testids (default "diagram"). */
  testId?: string;
  /** Start with every group expanded (small teaching diagrams). */
  expandAll?: boolean;
  /** A layer to open its groups for, select and focus (e.g. from a table row); a new `seq` asks again. */
  reveal?: { id: string; seq: number } | null;
  /** Layers drawn greyed as frozen (the Transfer screen's cut); a group is greyed when all its layers are. */
  frozen?: ReadonlySet<string>;
  /** Told the layer (or group) the user selects, by click or keyboard. */
  onSelect?: (key: string | null) => void;
}

const MIN_K = 0.05;

/** Lays out and notes when and how long, for the render-time figures the benchmark reads. */
function timedLayout(...args: Parameters<typeof layoutDiagram>) {
  const startedAt = performance.now();
  const layout = layoutDiagram(...args);
  return { layout, startedAt, ms: performance.now() - startedAt };
}
const MAX_K = 3;

/** The diagram with its toolbar and details panel. Give it a `key` per network so a new one starts fresh. */
export function ArchitectureDiagram({ analysis, spec = null, title, height = 560, testId = 'diagram', expandAll = false, reveal = null, frozen, onSelect }: ArchitectureDiagramProps) {
  const ids = useMemo(() => analysis.layers.map((l) => l.id), [analysis]);
  const idKey = ids.join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the hierarchy depends on the ids only, not on the shapes
  const hierarchy = useMemo(() => deriveHierarchy(ids), [idKey]);
  const [expanded, setExpanded] = useState<Set<string>>(() => (expandAll ? new Set(hierarchy.groups.keys()) : defaultExpanded(hierarchy, ids.length)));
  const [selected, setSelected] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  /** Selects a layer on the user's click or key, and tells the screen (a reveal from outside does not). */
  const choose = useCallback(
    (key: string | null) => {
      setSelected(key);
      onSelect?.(key);
    },
    [onSelect],
  );
  // A reveal request from outside (a table row): adjust state during render, React's pattern for props that reset state.
  const [seenReveal, setSeenReveal] = useState<number | null>(null);
  if (reveal && reveal.seq !== seenReveal && hierarchy.ancestors.has(reveal.id)) {
    setSeenReveal(reveal.seq);
    const open = groupsToReveal(hierarchy, reveal.id);
    if (open.some((k) => !expanded.has(k))) setExpanded(new Set([...expanded, ...open]));
    setSelected(reveal.id);
    setFocusKey(reveal.id);
  }
  const timed = useMemo(() => timedLayout(analysis, hierarchy, expanded), [analysis, hierarchy, expanded]);
  const layout = timed.layout;
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const name = title ?? analysis.name;
  const bounds = { width: layout.width + LEGEND_SIZE.width + 20, height: Math.max(layout.height, LEGEND_SIZE.height + 20) };

  // Render timing for the benchmark: layout start to commit, and to the next frame.
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const commit = performance.now() - timed.startedAt;
    el.dataset.commitMs = commit.toFixed(1);
    el.dataset.layoutMs = timed.ms.toFixed(1);
    el.dataset.nodes = String(layout.nodes.length);
    const start = timed.startedAt;
    const raf = requestAnimationFrame(() => {
      el.dataset.frameMs = (performance.now() - start).toFixed(1);
      el.dataset.ready = 'true';
    });
    return () => cancelAnimationFrame(raf);
  }, [layout, timed]);

  const fit = useCallback(() => {
    const view = viewRef.current;
    const z = zoomRef.current;
    if (!view || !z) return;
    const w = view.clientWidth || 800;
    const h = view.clientHeight || height;
    const k = Math.max(MIN_K, Math.min(1, (w - 20) / bounds.width, layout.height < 2 * h ? (h - 20) / bounds.height : 1));
    const tx = Math.max(10, (w - bounds.width * k) / 2);
    select(view).call(z.transform, zoomIdentity.translate(tx, 10).scale(k));
  }, [bounds.width, bounds.height, layout.height, height]);

  // d3 owns the zoom: it sets a CSS transform on the drawing (a compositor layer, so panning repaints nothing);
  // React renders what is inside.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([MIN_K, MAX_K])
      .filter((e: Event) => (e.type === 'wheel' ? true : !(e as MouseEvent).button))
      .on('zoom', (e) => {
        const svg = svgRef.current;
        if (svg) svg.style.transform = `translate(${e.transform.x}px, ${e.transform.y}px) scale(${e.transform.k})`;
      });
    zoomRef.current = z;
    const sel = select(view).call(z).on('dblclick.zoom', null);
    return () => {
      sel.on('.zoom', null);
      zoomRef.current = null;
    };
  }, []);

  // Fit once per network (not on every expand, so the view stays where the user looks).
  const fitted = useRef(false);
  useEffect(() => {
    if (!fitted.current) {
      fit();
      fitted.current = true;
    }
  }, [fit]);

  useEffect(() => {
    if (focusKey === null) return;
    const el = svgRef.current?.querySelector<SVGGElement>(`[data-key="${CSS.escape(focusKey)}"]`);
    el?.focus();
  }, [focusKey, layout]);

  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const activate = useCallback(
    (key: string) => {
      choose(key);
      if (hierarchy.groups.has(key)) {
        toggle(key);
        setFocusKey(hierarchy.groups.get(key)!.members[0] ?? null);
      }
    },
    [hierarchy, toggle, choose],
  );

  const collapse = useCallback(
    (key: string) => {
      toggle(key);
      choose(key);
      setFocusKey(key);
    },
    [toggle, choose],
  );

  const onKey = useCallback(
    (e: KeyboardEvent<SVGGElement>, key: string) => {
      const dirs: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowDown: 'down', ArrowUp: 'up', ArrowLeft: 'left', ArrowRight: 'right' };
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        if (hierarchy.groups.has(key)) activate(key);
        else choose(key);
      } else if (dirs[e.key]) {
        e.preventDefault();
        const to = neighbour(layout, key, dirs[e.key]!);
        if (to) setFocusKey(to);
      } else if (e.key === 'Escape') choose(null);
    },
    [activate, hierarchy, layout, choose],
  );

  // Keep a focused node in view: pan to it when it lies outside the viewport.
  const onFocusNode = useCallback(
    (key: string) => {
      setFocusKey(key);
      const view = viewRef.current;
      const z = zoomRef.current;
      const n = layout.nodes.find((m) => m.key === key);
      if (!view || !z || !n) return;
      // Focusing an element scrolls its clipped container; the zoom transform is the only offset we want.
      view.scrollTop = 0;
      view.scrollLeft = 0;
      const [sx, sy] = zoomTransform(view).apply([n.x, n.y]);
      if (sx < 0 || sy < 0 || sx > view.clientWidth || sy > view.clientHeight) select(view).call(z.translateTo, n.x, n.y);
    },
    [layout],
  );

  const zoomBy = (f: number) => {
    if (viewRef.current && zoomRef.current) select(viewRef.current).call(zoomRef.current.scaleBy, f);
  };

  const selectedNode = layout.nodes.find((n) => n.key === selected) ?? null;
  const isFrozen = (key: string) => !!frozen && (hierarchy.groups.has(key) ? hierarchy.groups.get(key)!.members.every((m) => frozen.has(m)) : frozen.has(key));
  const errors = layout.nodes.filter((n) => n.error);

  return (
    <div className="diagram" ref={wrapRef} data-testid={testId} data-visible-nodes={layout.nodes.length}>
      <div className="diagram-toolbar">
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fit} data-testid={`${testId}-fit`}>
          Fit
        </button>
        <button
          type="button"
          onClick={() => setExpanded((prev) => expandOneLevel(hierarchy, prev))}
          disabled={expanded.size === hierarchy.groups.size}
          data-testid={`${testId}-expand-level`}
        >
          Expand one level
        </button>
        <button type="button" onClick={() => setExpanded(new Set())} disabled={expanded.size === 0} data-testid={`${testId}-collapse-all`}>
          Collapse all
        </button>
        <ExportButtons svgRef={svgRef} title={`${name} — architecture`} what="architecture diagram" testId={`${testId}-export`} bounds={bounds} resetTransform=".dg-zoom" />
        <span className="diagram-hint">
          Drag to pan, wheel to zoom. Tab to a layer, Enter for details (or to expand a group), arrows move along the graph.
        </span>
      </div>
      <div className="diagram-body">
        <div ref={viewRef} className="diagram-viewport" style={{ height }} data-testid={`${testId}-viewport`}>
          <svg
            ref={svgRef}
            className="diagram-svg"
            width={bounds.width}
            height={bounds.height}
            viewBox={`0 0 ${bounds.width} ${bounds.height}`}
            role="group"
            aria-label={`Architecture of ${name}: ${layout.nodes.length} nodes shown`}
            data-testid={`${testId}-svg`}
          >
          <Markers />
          <g className="dg-zoom">
            <GroupOutlines outlines={layout.outlines} onCollapse={collapse} testId={testId} />
            <DiagramEdges edges={layout.edges} testId={testId} />
            <g className="dg-nodes">
              {layout.nodes.map((n) => (
                <DiagramNode key={n.key} node={n} selected={n.key === selected} frozen={isFrozen(n.key)} onActivate={activate} onKey={onKey} onFocusNode={onFocusNode} testId={testId} />
              ))}
            </g>
            <Legend x={layout.width + 20} y={10} />
          </g>
          </svg>
        </div>
        <LayerDetails node={selectedNode} analysis={analysis} spec={spec} hierarchy={hierarchy} expanded={expanded} onToggle={toggle} testId={`${testId}-details`} />
      </div>
      {errors.length > 0 && (
        <ul className="diagram-errors" data-testid={`${testId}-errors`} aria-label="Layers with errors">
          {errors.map((n) => (
            <li key={n.key}>
              <button type="button" className="linklike" onClick={() => choose(n.key)}>
                {n.title}
              </button>
              : {n.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
