/** Where the parameters are and where the memory is: two per-layer bar charts (linear or log) with their shares. */
import { useMemo, useRef, useState } from 'react';
import { formatBytes, formatCount, formatExact, formatPercent, type NetworkAnalysis } from '../../models';
import { layoutChart, shares, type ChartLayout, type ChartMetric, type ChartScale } from '../../viz/chartsLayout';
import { ExportButtons } from './ExportButtons';

const fmt = (m: ChartMetric, v: number) => (m === 'params' ? formatCount(v) : formatBytes(v));

const LEGEND: [string, string][] = [
  ['conv', 'convolution'],
  ['dense', 'fully connected'],
  ['norm', 'normalization'],
  ['pool', 'pooling'],
  ['merge', 'add / concat'],
  ['input', 'input'],
  ['other', 'other'],
];

function BarChart({ layout, title, name, testId }: { layout: ChartLayout; title: string; name: string; testId: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const { plot } = layout;
  const labelEvery = Math.max(1, Math.ceil(12 / Math.max(1, layout.bars[0]?.width ?? 12)));
  const legendY = layout.height - 12;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <ExportButtons svgRef={ref} title={`${name} — ${title}`} what={`${title} chart`} testId={`${testId}-export`} />
      </figcaption>
      <div className="chart-scroll" tabIndex={0} role="region" aria-label={`${title} (scrolls sideways)`}>
        <svg ref={ref} width={layout.width} height={layout.height + 40} viewBox={`0 0 ${layout.width} ${layout.height + 40}`} role="img" aria-label={`${title} of ${name}, ${layout.scale} scale, ${layout.bars.length} layers`}>
          <g className="axis">
            {layout.yTicks.map((t) => (
              <g key={t.value} transform={`translate(0,${t.y})`}>
                <line x1={plot.left} x2={plot.left + plot.width} className="grid" />
                <text x={plot.left - 6} y={4} textAnchor="end">
                  {fmt(layout.metric, t.value)}
                </text>
              </g>
            ))}
          </g>
          <g className="bars">
            {layout.bars.map((b, i) => (
              <g key={b.id}>
                <rect className={`bar tone-${b.tone}`} x={b.x} y={b.y} width={b.width} height={b.height} data-layer={b.id} data-value={b.value}>
                  <title>{`${b.id}: ${layout.metric === 'params' ? `${formatExact(b.value)} parameters` : `${formatBytes(b.value)} per image`}`}</title>
                </rect>
                {i % labelEvery === 0 && (
                  <text className="bar-label" transform={`translate(${b.x + b.width / 2},${plot.top + plot.height + 6}) rotate(50)`}>
                    {b.id.length > 14 ? `${b.id.slice(0, 13)}…` : b.id}
                  </text>
                )}
              </g>
            ))}
          </g>
          <g className="chart-legend" transform={`translate(${plot.left},${legendY + 40})`}>
            {LEGEND.filter(([tone]) => layout.bars.some((b) => b.tone === tone)).map(([tone, label], i) => (
              <g key={tone} transform={`translate(${i * 110},0)`}>
                <rect className={`bar tone-${tone}`} width={12} height={10} y={-9} />
                <text x={16}>{label}</text>
              </g>
            ))}
          </g>
        </svg>
      </div>
    </figure>
  );
}

/** Both charts for any network, with a scale switch and the computed shares that make the course's point. */
export function LayerCharts({ analysis, name }: { analysis: NetworkAnalysis; name?: string }) {
  const [scale, setScale] = useState<ChartScale>('linear');
  const title = name ?? analysis.name;
  const params = useMemo(() => layoutChart(analysis, 'params', scale), [analysis, scale]);
  const memory = useMemo(() => layoutChart(analysis, 'memory', scale), [analysis, scale]);
  const s = useMemo(() => shares(analysis), [analysis]);
  return (
    <div className="layer-charts" data-testid="layer-charts">
      <fieldset className="scale-switch">
        <legend>Scale</legend>
        {(['linear', 'log'] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="chart-scale" value={v} checked={scale === v} onChange={() => setScale(v)} data-testid={`chart-scale-${v}`} /> {v}
          </label>
        ))}
      </fieldset>
      <ul className="shares" data-testid="chart-shares">
        <li data-testid="share-dense" data-value={s.denseParams.toFixed(4)}>
          Fully connected layers hold <strong>{formatPercent(s.denseParams, 1)}</strong> of the parameters, convolutions {formatPercent(s.convParams, 1)}
          {s.topParams && (
            <>
              ; the largest is <code>{s.topParams.id}</code> ({formatCount(s.topParams.value)})
            </>
          )}
          .
        </li>
        <li data-testid="share-early-memory" data-value={s.earlyMemory.toFixed(4)}>
          The first half of the layers hold <strong>{formatPercent(s.earlyMemory, 1)}</strong> of the activation memory
          {s.topMemory && (
            <>
              ; the largest output is <code>{s.topMemory.id}</code> ({formatBytes(s.topMemory.value)} per image)
            </>
          )}
          .
        </li>
      </ul>
      <BarChart layout={params} title="Parameters per layer" name={title} testId="chart-params" />
      <BarChart layout={memory} title={`Activation memory per layer (per image, ${analysis.bytesPerValue * 8}-bit)`} name={title} testId="chart-memory" />
    </div>
  );
}
