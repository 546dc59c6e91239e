/** SVG pieces of the architecture diagram: node boxes, edges with shape labels, group outlines and the legend. */
import { line, curveBasis } from 'd3';
import { memo, type KeyboardEvent } from 'react';
import type { GroupOutline, NodeTone, PlacedEdge, PlacedNode } from '../../viz/diagramLayout';

const path = line<{ x: number; y: number }>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis);

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

interface NodeProps {
  node: PlacedNode;
  selected: boolean;
  /** The diagram's one Tab stop (roving tabindex): every other node is reached with the arrow keys. */
  tabbable: boolean;
  /** Nesting level in the tree of groups (1 at the top). */
  level: number;
  /** Drawn greyed: a frozen layer (transfer learning), or a group all of whose layers are. */
  frozen?: boolean;
  onActivate(key: string): void;
  onKey(e: KeyboardEvent<SVGGElement>, key: string): void;
  onFocusNode(key: string): void;
  testId: string;
}

/** One layer or collapsed group: a box with its name, what it is, how, and its parameters; errors in red with the message. */
export const DiagramNode = memo(function DiagramNode({ node: n, selected, tabbable, level, frozen = false, onActivate, onKey, onFocusNode, testId }: NodeProps) {
  const x = n.x - n.width / 2;
  const y = n.y - n.height / 2;
  const room = n.isGroup || n.output ? 23 : 27;
  // The parameters sit at the right of the first line when the name leaves room, else they end the third line.
  const figureUp = !!n.figure && n.title.length + n.figure.length + 1 <= room;
  const title = clip(n.title, room);
  const figure = figureUp ? n.figure : '';
  const subtitle = clip(n.subtitle, 31);
  const detail = clip(figureUp || !n.figure ? n.detail : [n.detail, n.figure].filter(Boolean).join(' · '), 33);
  const outText = n.output === 'main' ? 'output' : n.output === 'side' ? 'side output' : '';
  const errText = n.error ? `⚠ ${clip(n.error, 48)}` : '';
  // The accessible name starts with the visible text (WCAG 2.5.3), then the full description.
  const visible = [title, figure, subtitle, detail, outText, errText].filter(Boolean).join(' ');
  return (
    <g
      className={`dg-node tone-${n.tone}${selected ? ' selected' : ''}${frozen ? ' frozen' : ''}${n.isGroup ? ' group' : ''}${n.output ? ` out-${n.output}` : ''}`}
      transform={`translate(${x},${y})`}
      role="treeitem"
      tabIndex={tabbable ? 0 : -1}
      aria-label={`${visible}${frozen ? ' (frozen)' : ''}. ${n.label}`}
      aria-selected={selected}
      aria-expanded={n.isGroup ? false : undefined}
      aria-level={level}
      data-key={n.key}
      data-testid={`${testId}-node-${n.key}`}
      data-status={n.error ? 'error' : 'ok'}
      data-frozen={frozen || undefined}
      onClick={() => onActivate(n.key)}
      onKeyDown={(e) => onKey(e, n.key)}
      onFocus={() => onFocusNode(n.key)}
    >
      <title>{n.error ? `${n.title}: ${n.error}` : n.title}</title>
      {n.isGroup && <rect className="dg-stack" x={5} y={5} width={n.width} height={n.height} rx={6} />}
      <rect className="dg-box" width={n.width} height={n.height} rx={6} />
      {/* One <text> with spaced tspans, so the visible text reads as words and matches the accessible name. */}
      <text>
        <tspan className="dg-title" x={10} y={18}>
          {title}
        </tspan>{' '}
        {figure && (
          <>
            <tspan className="dg-sub dg-figure" x={n.width - 8} y={18} textAnchor="end">
              {figure}
            </tspan>{' '}
          </>
        )}
        <tspan className="dg-sub" x={10} y={34}>
          {subtitle}
        </tspan>
        {detail && (
          <>
            {' '}
            <tspan className="dg-sub dg-detail" x={10} y={50}>
              {detail}
            </tspan>
          </>
        )}
        {outText && (
          <>
            {' '}
            <tspan className="dg-out" x={n.width} y={-5} textAnchor="end">
              {outText}
            </tspan>
          </>
        )}
        {errText && (
          <>
            {' '}
            <tspan className="dg-error" x={0} y={n.height + 13} data-testid={`${testId}-error-${n.key}`}>
              {errText}
            </tspan>
          </>
        )}
      </text>
      {n.isGroup && (
        <text className="dg-expand" x={n.width - 10} y={18} textAnchor="end" aria-hidden="true">
          +
        </text>
      )}
    </g>
  );
});

/** Edges with arrowheads; the tensor shape sits on each edge. Shortcuts and side outputs are styled apart. */
export const DiagramEdges = memo(function DiagramEdges({ edges, testId }: { edges: PlacedEdge[]; testId: string }) {
  return (
    <g className="dg-edges" aria-hidden="true">
      {edges.map((e) => (
        <g key={e.key} className={`dg-edge role-${e.role}`} data-from={e.from} data-to={e.to}>
          <path d={path(e.points) ?? ''} markerEnd={`url(#dg-arrow-${e.role})`} />
          <rect className="dg-label-bg" x={e.labelX - 36} y={e.labelY - 8} width={72} height={15} rx={3} />
          <text className="dg-label" x={e.labelX} y={e.labelY + 3.5} textAnchor="middle" data-testid={`${testId}-edge-label-${e.from}->${e.to}`}>
            {e.label}
          </text>
        </g>
      ))}
    </g>
  );
});

/** Arrowhead markers, one per edge role. */
export function Markers() {
  return (
    <defs>
      {(['main', 'shortcut', 'side'] as const).map((r) => (
        <marker key={r} id={`dg-arrow-${r}`} className={`dg-marker role-${r}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      ))}
    </defs>
  );
}

type Outline = GroupOutline;

/**
 * Outlines of expanded groups, each with a button that collapses it again (a mouse target: from the keyboard,
 * Backspace on a layer inside collapses its group, so the diagram stays one Tab stop).
 */
export function GroupOutlines({ outlines, onCollapse, testId }: { outlines: Outline[]; onCollapse(key: string): void; testId: string }) {
  return (
    <g className="dg-outlines" aria-hidden="true">
      {outlines.map((o) => (
        <g key={o.key} className="dg-outline">
          <rect x={o.x} y={o.y} width={o.width} height={o.height} rx={10} />
          <g className="dg-collapse" aria-hidden="true" data-testid={`${testId}-collapse-${o.key}`} transform={`translate(${o.x + 6},${o.y + 3})`} onClick={() => onCollapse(o.key)}>
            <rect width={Math.min(o.width - 12, 20 + o.name.length * 6.6)} height={16} rx={3} />
            <text x={6} y={12}>
              <tspan aria-hidden="true">− </tspan>
              {o.name}
            </text>
          </g>
        </g>
      ))}
    </g>
  );
}

const LEGEND: [NodeTone, string][] = [
  ['input', 'input'],
  ['conv', 'convolution'],
  ['pool', 'pooling'],
  ['norm', 'normalization'],
  ['merge', 'add / concat'],
  ['dense', 'fully connected'],
  ['other', 'activation, flatten, ...'],
  ['group', 'collapsed group'],
  ['error', 'error'],
];

/** The legend, drawn inside the figure so exported images carry it. */
export function Legend({ x, y }: { x: number; y: number }) {
  return (
    <g className="dg-legend" transform={`translate(${x},${y})`} aria-hidden="true">
      <text className="dg-legend-title" x={0} y={10}>
        Legend
      </text>
      {LEGEND.map(([tone, label], i) => (
        <g key={tone} className={`dg-node tone-${tone}`} transform={`translate(0,${20 + i * 20})`}>
          <rect className="dg-box" width={18} height={14} rx={3} />
          <text className="dg-sub" x={26} y={11}>
            {label}
          </text>
        </g>
      ))}
      {(['main', 'shortcut', 'side'] as const).map((r, i) => (
        <g key={r} className={`dg-edge role-${r}`} transform={`translate(0,${20 + (LEGEND.length + i) * 20})`}>
          <path d="M 0 7 L 18 7" />
          <text className="dg-sub" x={26} y={11}>
            {r === 'main' ? 'tensor (H x W x C)' : r === 'shortcut' ? 'residual shortcut' : 'to a side output'}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Width and height the legend needs. */
export const LEGEND_SIZE = { width: 170, height: 20 + (LEGEND.length + 3) * 20 };
