/**
 * The architecture diagram of any network (zoo or user-built): a dagre-laid-out DAG with shapes on its edges, top to
 * bottom or left to right, collapsible stages/blocks/modules, pan and zoom, one Tab stop with arrow keys inside, a
 * presentation mode for a lecture, a volume view, and the selected layer's details. Takes the analysis (and optionally
 * the spec, for captions and the worked arithmetic) as props, so any screen can embed it.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { NetworkAnalysis, NetworkSpec } from '../../models';
import { neighbour, visibleKeyOf, type Direction, type PlacedNode } from '../../viz/diagramLayout';
import { defaultExpanded, deriveHierarchy, expandOneLevel, groupsToReveal } from '../../viz/hierarchy';
import { ExportButtons } from '../charts/ExportButtons';
import { DiagramEdges, DiagramNode, GroupOutlines, LEGEND_SIZE, Legend, Markers } from './DiagramParts';
import { LayerDetails } from './LayerDetails';
import { PresentBar, usePresentation } from './Presentation';
import { useDiagramZoom } from './useDiagramZoom';
import { meets, type Box } from '../../viz/box';
import { useDiagramLayout } from './useDiagramLayout';
import { VolumeView } from './VolumeView';

export interface ArchitectureDiagramProps {
  analysis: NetworkAnalysis;
  /** The spec the analysis came from; gives nodes their captions and the details panel its worked arithmetic. */
  spec?: NetworkSpec | null;
  /** Name drawn on exported images; the analysis's name by default. */
  title?: string;
  /** Height of the viewport in px (a CSS length such as "min(560px, 70vh)" also works). */
  height?: number | string;
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

/** Smallest on-screen text a fit may reach, in px: on the page, and when presenting to a room. */
const MIN_TEXT_PX = 8;
const PRESENT_TEXT_PX = 18;

/** Where the view goes after the next layout: the whole drawing, an expanded group's outline, or one node. */
type FitTarget = { kind: 'all' } | { kind: 'group' | 'node'; key: string };
interface ViewRequest {
  fit: FitTarget | null;
  focus: string | null;
  seq: number;
}

const boxOf = (n: PlacedNode): Box => ({ x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height });

/** The direction buttons: the layout's direction and its name. */
const DIRECTIONS: readonly [Direction, string][] = [
  ['TB', 'Top-down'],
  ['LR', 'Left-right'],
];

/**
 * Past this many nodes only those near the view are drawn: each node is ~16 SVG elements, and mounting GoogLeNet's
 * 107 at once (modules open) took one 60-90 ms task of style, layout and paint on this 2-core machine.
 */
const WINDOW_FROM = 40;
/** The drawn window snaps to this grid (drawing units), so panning re-renders only when it crosses a cell. */
const CELL = 300;


/** A drawn node's element in the diagram's svg, by layer or group key (null where it is not drawn). */
function nodeIn(svg: SVGSVGElement | null, key: string): SVGGElement | null {
  return svg?.querySelector<SVGGElement>(`[data-key="${CSS.escape(key)}"]`) ?? null;
}

/** The view grown by half a viewport each way and snapped to the grid: what a large diagram draws. */
function windowAround(v: Box): Box {
  const x0 = Math.floor((v.x - v.width / 2) / CELL) * CELL;
  const y0 = Math.floor((v.y - v.height / 2) / CELL) * CELL;
  return { x: x0, y: y0, width: Math.ceil((v.x + 1.5 * v.width) / CELL) * CELL - x0, height: Math.ceil((v.y + 1.5 * v.height) / CELL) * CELL - y0 };
}

/** The diagram with its toolbar and details panel. Give it a `key` per network so a new one starts fresh. */
export function ArchitectureDiagram({ analysis, spec = null, title, height = 560, testId = 'diagram', expandAll = false, reveal = null, frozen, onSelect }: ArchitectureDiagramProps) {
  const ids = useMemo(() => analysis.layers.map((l) => l.id), [analysis]);
  const idKey = ids.join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the hierarchy depends on the ids only, not on the shapes
  const hierarchy = useMemo(() => deriveHierarchy(ids), [idKey]);
  const [expanded, setExpanded] = useState<Set<string>>(() => (expandAll ? new Set(hierarchy.groups.keys()) : defaultExpanded(hierarchy, ids.length)));
  const [selected, setSelected] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [direction, setDirection] = useState<Direction>('TB');
  const [view, setView] = useState<'graph' | 'volume'>('graph');
  /** What to fit the view around once the next layout is drawn, and the node (or layer) to focus then. */
  const [ask, setAsk] = useState<ViewRequest>({ fit: { kind: 'all' }, focus: null, seq: 1 });
  const request = useCallback((fit: FitTarget | null, focus: string | null = null) => setAsk((a) => ({ fit, focus, seq: a.seq + 1 })), []);
  const handled = useRef(0);
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
    setView('graph');
    setAsk({ fit: { kind: 'node', key: reveal.id }, focus: reveal.id, seq: ask.seq + 1 });
  }
  const { timed, pending } = useDiagramLayout(analysis, hierarchy, expanded, spec, direction);
  const layout = timed.layout;
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const name = title ?? analysis.name;
  const bounds = { width: layout.width + LEGEND_SIZE.width + 20, height: Math.max(layout.height, LEGEND_SIZE.height + 20) };
  const presentation = usePresentation(wrapRef);
  /** The drawn window of a large diagram (null: not known yet), and whether an export wants every node drawn. */
  const [drawn, setDrawn] = useState<Box | null>(null);
  const [drawAll, setDrawAll] = useState(false);
  const onView = useCallback((v: Box) => {
    const w = windowAround(v);
    setDrawn((d) => (d && d.x === w.x && d.y === w.y && d.width === w.width && d.height === w.height ? d : w));
  }, []);
  const zoomer = useDiagramZoom(viewRef, svgRef, bounds, presentation.on ? PRESENT_TEXT_PX : MIN_TEXT_PX, onView);
  const { fitBox, centerOn, reveal: revealBox } = zoomer;
  const byKey = useMemo(() => new Map(layout.nodes.map((n) => [n.key, n])), [layout]);

  // Render timing for the benchmark: layout start to commit, and to the next frame.
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const commit = performance.now() - timed.startedAt;
    el.dataset.commitMs = commit.toFixed(1);
    el.dataset.layoutMs = timed.ms.toFixed(1);
    el.dataset.layoutWhere = timed.where;
    el.dataset.nodes = String(layout.nodes.length);
    const start = timed.startedAt;
    const raf = requestAnimationFrame(() => {
      el.dataset.frameMs = (performance.now() - start).toFixed(1);
      el.dataset.ready = 'true';
    });
    return () => cancelAnimationFrame(raf);
  }, [layout, timed]);

  const fit = useCallback(() => fitBox(), [fitBox]);

  // After a layout: fit around what changed (the whole network at first, an expanded group's outline, a collapsed
  // group's node), then focus what was asked for, so keyboard users stay where they were. Each request once: a new
  // layout for another reason (the user edits a layer) neither moves the view nor takes the focus.
  useEffect(() => {
    if (pending || handled.current === ask.seq) return;
    handled.current = ask.seq;
    const want = ask.fit;
    if (want?.kind === 'all') fitBox();
    else if (want?.kind === 'group') {
      const o = layout.outlines.find((x) => x.key === want.key);
      if (o) fitBox(o);
    } else if (want?.kind === 'node') {
      const n = byKey.get(visibleKeyOf(layout, want.key) ?? '');
      if (n) revealBox(boxOf(n));
    }
    if (ask.focus === null) return;
    const key = byKey.has(ask.focus) ? ask.focus : visibleKeyOf(layout, ask.focus);
    // Focus scrolls the page to the node (a table row asked from far below); the node's focus handler then undoes
    // the viewport's own scroll and pans instead.
    if (key !== null) nodeIn(svgRef.current, key)?.focus();
  }, [ask, pending, layout, byKey, fitBox, revealBox]);

  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  /** Expands a group, fits the view around it and moves focus to its first part. */
  const open = useCallback(
    (key: string) => {
      toggle(key);
      request({ kind: 'group', key }, hierarchy.groups.get(key)!.members[0] ?? null);
    },
    [hierarchy, toggle, request],
  );

  const activate = useCallback(
    (key: string) => {
      choose(key);
      if (hierarchy.groups.has(key)) open(key);
    },
    [hierarchy, open, choose],
  );

  const collapse = useCallback(
    (key: string) => {
      toggle(key);
      choose(key);
      request({ kind: 'node', key }, key);
    },
    [toggle, choose, request],
  );

  /** The details panel's expand/collapse: the view fits around the group, focus stays on the button. */
  const toggleFromDetails = useCallback(
    (key: string) => {
      request(expanded.has(key) ? { kind: 'node', key } : { kind: 'group', key });
      toggle(key);
    },
    [expanded, toggle, request],
  );

  /** The innermost open group around a visible node (Backspace collapses it). */
  const enclosing = useCallback(
    (key: string): string | null => {
      const g = hierarchy.groups.get(key);
      const chain = g ? (hierarchy.ancestors.get(g.members[0]!) ?? []).slice(0, g.depth) : (hierarchy.ancestors.get(key) ?? []);
      return chain.at(-1) ?? null;
    },
    [hierarchy],
  );

  /** Moves focus to a node (drawn first if it lies outside the drawn window); its focus handler records it as the Tab stop. */
  const [focusAsk, setFocusAsk] = useState<{ key: string; seq: number } | null>(null);
  const focusNode = useCallback((key: string | undefined) => {
    if (key !== undefined) setFocusAsk((f) => ({ key, seq: (f?.seq ?? 0) + 1 }));
  }, []);
  useEffect(() => {
    if (focusAsk) nodeIn(svgRef.current, focusAsk.key)?.focus({ preventScroll: true });
  }, [focusAsk]);

  /** Presentation: the layer at `i` (in the drawing's order) is selected, focused and centred at a readable scale. */
  const step = useCallback(
    (delta: number | 'first' | 'last') => {
      const nodes = layout.nodes;
      if (nodes.length === 0) return;
      const here = nodes.findIndex((n) => n.key === (focusKey ?? selected));
      const i = delta === 'first' ? 0 : delta === 'last' ? nodes.length - 1 : Math.max(0, Math.min(nodes.length - 1, (here < 0 ? -1 : here) + delta));
      const n = nodes[i]!;
      choose(n.key);
      focusNode(n.key);
      centerOn(n.x, n.y, Math.max(PRESENT_TEXT_PX / 10.5, 1.2));
    },
    [layout, focusKey, selected, choose, focusNode, centerOn],
  );

  const onKey = useCallback(
    (e: KeyboardEvent<SVGGElement>, key: string) => {
      const dirs: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowDown: 'down', ArrowUp: 'up', ArrowLeft: 'left', ArrowRight: 'right' };
      if (presentation.on && (e.key in dirs || e.key === 'PageDown' || e.key === 'PageUp' || e.key === 'Home' || e.key === 'End')) {
        e.preventDefault();
        step(e.key === 'Home' ? 'first' : e.key === 'End' ? 'last' : e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'PageDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        if (hierarchy.groups.has(key)) activate(key);
        else choose(key);
      } else if (dirs[e.key]) {
        e.preventDefault();
        focusNode(neighbour(layout, key, dirs[e.key]!) ?? undefined);
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        focusNode((e.key === 'Home' ? layout.nodes[0] : layout.nodes.at(-1))?.key);
      } else if (e.key === 'Backspace') {
        const g = enclosing(key);
        if (g) {
          e.preventDefault();
          collapse(g);
        }
      } else if (e.key === 'Escape') {
        if (presentation.on) presentation.exit();
        else choose(null);
      }
    },
    [activate, hierarchy, layout, choose, focusNode, enclosing, collapse, presentation, step],
  );

  // Keep a focused node in view: pan the least distance that shows it.
  const onFocusNode = useCallback(
    (key: string) => {
      setFocusKey(key);
      const n = byKey.get(key);
      if (!n) return;
      revealBox(boxOf(n));
      // Focus scrolled the page to where the node lay before the pan (below the viewport, for a far node): now that it
      // is inside the viewport, bring the page back to it.
      nodeIn(svgRef.current, key)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    },
    [byKey, revealBox],
  );

  // Entering or leaving presentation: fit again at the new text size, starting from the selected layer if any.
  const presenting = presentation.on;
  useEffect(() => {
    const n = byKey.get(focusKey ?? selected ?? '');
    if (presenting) {
      if (n) centerOn(n.x, n.y, PRESENT_TEXT_PX / 10.5);
      else fitBox();
      // The layer in view (or the first, drawn at the top after the fit) takes the focus, so the arrow keys step.
      const key = n?.key ?? layout.nodes[0]?.key;
      if (key) nodeIn(svgRef.current, key)?.focus({ preventScroll: true });
    } else fitBox();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on entering and leaving
  }, [presenting]);

  // A large diagram draws the nodes and edges near the view, plus the ones focus is on or going to.
  const windowed = !drawAll && layout.nodes.length > WINDOW_FROM && drawn !== null;
  const keep = new Set([focusKey, selected, focusAsk?.key, ask.focus].filter((k): k is string => !!k));
  const drawnNodes = windowed ? layout.nodes.filter((n) => keep.has(n.key) || meets(boxOf(n), drawn)) : layout.nodes;
  const drawnEdges = useMemo(() => {
    if (!windowed) return layout.edges;
    return layout.edges.filter((e) => {
      const xs = e.points.map((p) => p.x);
      const ys = e.points.map((p) => p.y);
      return meets({ x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs) + 1, height: Math.max(...ys) - Math.min(...ys) + 1 }, drawn);
    });
  }, [windowed, layout, drawn]);
  // An export draws every node, with its text even when zoomed far out.
  const exportAll = useMemo(
    () => ({
      before: () => {
        flushSync(() => setDrawAll(true));
        svgRef.current?.classList.add('exporting');
      },
      after: () => {
        svgRef.current?.classList.remove('exporting');
        setDrawAll(false);
      },
    }),
    [],
  );

  const selectedNode = byKey.get(selected ?? '') ?? null;
  const isFrozen = (key: string) => !!frozen && (hierarchy.groups.has(key) ? hierarchy.groups.get(key)!.members.every((m) => frozen.has(m)) : frozen.has(key));
  const errors = layout.nodes.filter((n) => n.error);
  // The one Tab stop: the last focused node while it shows, else the selected one, else the first.
  const rovingKey = byKey.has(focusKey ?? '') ? focusKey : byKey.has(selected ?? '') ? selected : (layout.nodes[0]?.key ?? null);
  const levelOf = (n: PlacedNode) => 1 + (n.source.type === 'group' ? n.source.group.depth : (hierarchy.ancestors.get(n.key)?.length ?? 0));
  const stepIndex = layout.nodes.findIndex((n) => n.key === (focusKey ?? selected));

  return (
    <div className={`diagram${presenting ? ' presenting' : ''}`} ref={wrapRef} data-testid={testId} data-visible-nodes={layout.nodes.length} data-drawn-nodes={drawnNodes.length} data-pending={pending || undefined} aria-busy={pending} data-direction={direction} data-presenting={presenting || undefined}>
      {presenting ? (
        <PresentBar index={stepIndex} count={layout.nodes.length} node={byKey.get(focusKey ?? selected ?? '') ?? null} onStep={step} onExit={presentation.exit} testId={testId} />
      ) : (
        <div className="diagram-toolbar">
          <div className="seg" role="group" aria-label="View">
            <button type="button" aria-pressed={view === 'graph'} onClick={() => setView('graph')} data-testid={`${testId}-view-graph`}>
              Graph
            </button>
            <button type="button" aria-pressed={view === 'volume'} onClick={() => setView('volume')} data-testid={`${testId}-view-volume`}>
              Volumes
            </button>
          </div>
          {view === 'graph' && (
            <>
              <div className="seg" role="group" aria-label="Direction">
                {DIRECTIONS.map(([dir, label]) => (
                  <button
                    key={dir}
                    type="button"
                    aria-pressed={direction === dir}
                    onClick={() => {
                      request({ kind: 'all' });
                      setDirection(dir);
                    }}
                    data-testid={`${testId}-dir-${dir.toLowerCase()}`}
                  >
                    {label}
                  </button>
                ))}
              </div>
              <button type="button" onClick={() => zoomer.zoomBy(1.25)} aria-label="Zoom in">
                +
              </button>
              <button type="button" onClick={() => zoomer.zoomBy(0.8)} aria-label="Zoom out">
                −
              </button>
              <button type="button" onClick={fit} data-testid={`${testId}-fit`}>
                Fit
              </button>
              <button
                type="button"
                onClick={() => {
                  request({ kind: 'all' });
                  setExpanded((prev) => expandOneLevel(hierarchy, prev));
                }}
                disabled={expanded.size === hierarchy.groups.size}
                data-testid={`${testId}-expand-level`}
              >
                Expand one level
              </button>
              <button
                type="button"
                onClick={() => {
                  request({ kind: 'all' });
                  setExpanded(new Set());
                }}
                disabled={expanded.size === 0}
                data-testid={`${testId}-collapse-all`}
              >
                Collapse all
              </button>
              <button type="button" onClick={presentation.enter} data-testid={`${testId}-present`} title="Full screen, large text; arrow keys step through the layers">
                Present
              </button>
              <ExportButtons svgRef={svgRef} title={`${name} — architecture`} what="architecture diagram" testId={`${testId}-export`} bounds={bounds} resetTransform=".dg-zoom" around={exportAll} />
            </>
          )}
        </div>
      )}
      {view === 'volume' && !presenting ? (
        <VolumeView analysis={analysis} spec={spec} hierarchy={hierarchy} expanded={expanded} title={name} testId={`${testId}-volume`} />
      ) : (
        <div className="diagram-body">
          <div ref={viewRef} className="diagram-viewport" style={presenting ? undefined : { height }} data-testid={`${testId}-viewport`}>
            <svg
              ref={svgRef}
              className="diagram-svg"
              width="100%"
              height="100%"
              role="tree"
              aria-label={`Architecture of ${name}: ${layout.nodes.length} nodes shown`}
              data-testid={`${testId}-svg`}
            >
              <Markers />
              <g className="dg-zoom">
                <GroupOutlines outlines={layout.outlines} onCollapse={collapse} testId={testId} />
                <DiagramEdges edges={drawnEdges} testId={testId} />
                <g className="dg-nodes">
                  {drawnNodes.map((n) => (
                    <DiagramNode
                      key={n.key}
                      node={n}
                      selected={n.key === selected}
                      tabbable={n.key === rovingKey}
                      level={levelOf(n)}
                      frozen={isFrozen(n.key)}
                      onActivate={activate}
                      onKey={onKey}
                      onFocusNode={onFocusNode}
                      testId={testId}
                    />
                  ))}
                </g>
                <Legend x={layout.width + 20} y={10} />
              </g>
            </svg>
          </div>
          <LayerDetails node={selectedNode} analysis={analysis} spec={spec} hierarchy={hierarchy} expanded={expanded} onToggle={toggleFromDetails} testId={`${testId}-details`} />
        </div>
      )}
      {pending && (
        <p className="diagram-busy" role="status" data-testid={`${testId}-busy`}>
          Laying out the diagram…
        </p>
      )}
      {!presenting && view === 'graph' && (
        <p className="diagram-hint">
          Wheel scrolls, Ctrl + wheel zooms, drag pans. Tab into the diagram; arrows move along the graph, Enter opens a layer or expands a group, Backspace
          collapses it, Home/End jump to the ends.
        </p>
      )}
      {errors.length > 0 && !presenting && (
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
