/** Params vs published ImageNet top-1 for the zoo networks that have one; chosen networks are highlighted. */
import { useMemo, useRef } from 'react';
import { analyze, formatCount, zooEntry } from '../../models';
import { PUBLISHED_ACCURACY } from '../../models/zoo/accuracy';
import { layoutAccuracy, type AccuracyPoint } from '../../viz/accuracyLayout';
import { ExportButtons } from '../charts/ExportButtons';

/** Computed once per page: parameters and MACs from the engine, accuracy from the cited table. */
function accuracyPoints(): AccuracyPoint[] {
  return PUBLISHED_ACCURACY.flatMap((a) => {
    const e = zooEntry(a.id);
    if (!e) return [];
    const t = analyze(e.build()).totals;
    return [{ id: a.id, name: e.name, params: t.params, macs: t.macs, top1: a.top1, source: a.source, url: a.url }];
  });
}

/** The scatter with a table of its sources below it. */
export function AccuracyChart({ highlight }: { highlight: readonly string[] }) {
  const ref = useRef<SVGSVGElement>(null);
  const layout = useMemo(() => layoutAccuracy(accuracyPoints(), 720, 380), []);
  const { plot } = layout;
  return (
    <figure className="chart accuracy" data-testid="accuracy-chart">
      <figcaption>
        <span className="chart-title">Parameters vs ImageNet top-1 accuracy (circle area: MACs)</span>
        <ExportButtons svgRef={ref} title="ConvAtlas zoo — parameters vs ImageNet top-1" what="accuracy chart" testId="accuracy-export" />
      </figcaption>
      <div className="chart-scroll">
        <svg ref={ref} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label="Scatter of parameters against published ImageNet top-1 accuracy">
          <g className="axis">
            {layout.yTicks.map((t) => (
              <g key={t.value} transform={`translate(0,${t.y})`}>
                <line x1={plot.left} x2={plot.left + plot.width} className="grid" />
                <text x={plot.left - 6} y={4} textAnchor="end">
                  {t.value}%
                </text>
              </g>
            ))}
            {layout.xTicks.map((t) => (
              <g key={t.value} transform={`translate(${t.x},0)`}>
                <line y1={plot.top} y2={plot.top + plot.height} className="grid" />
                <text y={plot.top + plot.height + 16} textAnchor="middle">
                  {formatCount(t.value)}
                </text>
              </g>
            ))}
            <text x={plot.left + plot.width / 2} y={layout.height - 6} textAnchor="middle">
              parameters (log scale, computed by ConvAtlas)
            </text>
          </g>
          {layout.points.map((p) => (
            <g key={p.id} className={`acc-point${highlight.includes(p.id) ? ' chosen' : ''}`} data-testid={`accuracy-point-${p.id}`}>
              <circle cx={p.x} cy={p.y} r={p.r}>
                <title>{`${p.name}: ${formatCount(p.params)} parameters, ${formatCount(p.macs)} MACs, top-1 ${p.top1}% (${p.source})`}</title>
              </circle>
              {p.label.leader && <line className="acc-leader" x1={p.x} y1={p.y} x2={p.label.box.x + p.label.box.width / 2} y2={p.label.box.y + p.label.box.height / 2} />}
              <text x={p.label.x} y={p.label.y} textAnchor={p.label.anchor} data-testid={`accuracy-label-${p.id}`}>
                {p.name}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <details className="sources">
        <summary>Sources of the accuracy figures</summary>
        <ul data-testid="accuracy-sources">
          {layout.points.map((p) => (
            <li key={p.id}>
              {p.name}: {p.top1}% —{' '}
              <a href={p.url} target="_blank" rel="noreferrer">
                {p.source}
              </a>
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
