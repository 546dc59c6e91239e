/** The horizontal grid lines with y labels and the x labels that every line chart here draws under its paths. */
interface Tick {
  label: string;
}

/** Grid and tick labels inside a chart's inner group (already translated by the margins). */
export function ChartGrid({ width, height, margin, xTicks, yTicks, xSuffix = '' }: {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  xTicks: readonly (Tick & { x: number })[];
  yTicks: readonly (Tick & { y: number })[];
  /** Appended to each x label ("8 layers"). */
  xSuffix?: string;
}) {
  return (
    <>
      {yTicks.map((t) => (
        <g key={t.label} transform={`translate(0,${t.y})`} className="tick">
          <line x2={width - margin.left - margin.right} />
          <text x={-6} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={t.label} className="tick" x={t.x} y={height - margin.top - margin.bottom + 16} textAnchor="middle">
          {t.label}
          {xSuffix}
        </text>
      ))}
    </>
  );
}
