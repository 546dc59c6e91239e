/** The volume view: each tensor of the main path a box sized by H, W and C (log-scaled), operations on the arrows. */
import { useMemo, useRef } from 'react';
import type { NetworkAnalysis, NetworkSpec } from '../../models';
import type { Hierarchy } from '../../viz/hierarchy';
import { layoutVolumes, type VolumeBox } from '../../viz/volumeLayout';
import { ExportButtons } from '../charts/ExportButtons';

interface Props {
  analysis: NetworkAnalysis;
  spec: NetworkSpec | null;
  hierarchy: Hierarchy;
  /** Groups drawn open; a collapsed group is one step on an arrow. */
  expanded: ReadonlySet<string>;
  title: string;
  testId: string;
}

const SLANT = 0.7;

/** One box: the front face (H x C), the top (C x W) and the side (H x W), drawn in oblique projection. */
function Volume({ b, testId }: { b: VolumeBox; testId: string }) {
  const x0 = b.x;
  const y1 = b.baseY;
  const y0 = y1 - b.frontH;
  const x1 = x0 + b.frontW;
  const dx = b.depth * SLANT;
  const dy = -b.depth * SLANT;
  return (
    <g className={`vol-box${b.depth === 0 ? ' vector' : ''}`} data-testid={`${testId}-box-${b.id}`} data-shape={b.label}>
      <title>{`${b.id}: ${b.label}`}</title>
      {b.depth > 0 && (
        <>
          <path className="vol-top" d={`M${x0},${y0} L${x0 + dx},${y0 + dy} L${x1 + dx},${y0 + dy} L${x1},${y0} Z`} />
          <path className="vol-side" d={`M${x1},${y0} L${x1 + dx},${y0 + dy} L${x1 + dx},${y1 + dy} L${x1},${y1} Z`} />
        </>
      )}
      <rect className="vol-front" x={x0} y={y0} width={b.frontW} height={b.frontH} />
      <text className="vol-shape" x={x0 + (b.frontW + dx) / 2} y={y1 + 16} textAnchor="middle">
        {b.label}
      </text>
    </g>
  );
}

/** The drawing with its export buttons; scrolls sideways when the network is long. */
export function VolumeView({ analysis, spec, hierarchy, expanded, title, testId }: Props) {
  const layout = useMemo(() => layoutVolumes(analysis, hierarchy, expanded, spec), [analysis, hierarchy, expanded, spec]);
  const svgRef = useRef<SVGSVGElement>(null);
  const bounds = { width: layout.width, height: layout.height };
  return (
    <div className="volume-view" data-testid={testId} data-boxes={layout.boxes.length}>
      <div className="volume-toolbar">
        <ExportButtons svgRef={svgRef} title={`${title} — volumes`} what="volume view" testId={`${testId}-export`} bounds={bounds} />
        <span className="diagram-hint">
          Each box is a tensor: height H, depth W, thickness C, on log scales. Operations that keep the shape share the arrow into
          the box. Expanded groups (in the graph view) show their layers here too.
        </span>
      </div>
      <div className="volume-scroll" tabIndex={0} role="region" aria-label={`Volumes of ${title}`}>
        <svg
          ref={svgRef}
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label={`${title} as volumes: ${layout.boxes.map((b) => b.label).join(', ')}`}
          data-testid={`${testId}-svg`}
        >
          <defs>
            <marker id="vol-arrow" viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto">
              <path d="M 0 0 L 10 5 L 0 10 z" className="vol-arrowhead" />
            </marker>
          </defs>
          {layout.steps.map((s, i) => (
            <g key={i} className="vol-step">
              <path d={`M${s.fromX + 4},${s.y} L${s.toX - 4},${s.y}`} markerEnd="url(#vol-arrow)" />
              <text x={(s.fromX + s.toX) / 2} y={s.y - 6 - (s.lines.length - 1) * 13} textAnchor="middle">
                {s.lines.map((line, j) => (
                  <tspan key={j} x={(s.fromX + s.toX) / 2} dy={j === 0 ? 0 : 13}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          ))}
          {layout.boxes.map((b) => (
            <Volume key={b.id} b={b} testId={testId} />
          ))}
        </svg>
      </div>
    </div>
  );
}
