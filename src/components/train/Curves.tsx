/** Live loss and accuracy curves: d3 lays them out (curvesLayout), React draws the SVG. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectCurves, useAppStore } from '../../store';
import { curvesLayout, type CurvePoint } from './curvesLayout';
import { ChartGrid } from '../charts/ChartGrid';

const W = 420;
const H = 200;

function Chart({ title, testId, train, validation, yMax }: { title: string; testId: string; train: CurvePoint[]; validation: CurvePoint[]; yMax?: number }) {
  const l = useMemo(() => curvesLayout(train, validation, W, H, yMax), [train, validation, yMax]);
  const last = train.at(-1);
  return (
    <figure className="curve" data-testid={testId} data-points={train.length} data-first={train[0]?.value} data-last={last?.value}>
      <figcaption>
        {title}
        {last && (
          <span className="curve-last">
            {' '}
            · last batch {yMax === 1 ? `${(last.value * 100).toFixed(1)}%` : last.value.toFixed(4)}
          </span>
        )}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} per batch (training) and per epoch (validation)`}>
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} />
          <path className="curve-raw" d={l.train} data-testid={`${testId}-path`} />
          <path className="curve-smooth" d={l.smooth} />
          {l.validation.map((p) => (
            <circle key={p.step} className="curve-val" cx={p.x} cy={p.y} r={4}>
              <title>{`validation after step ${p.step}: ${yMax === 1 ? `${(p.value * 100).toFixed(2)}%` : p.value.toFixed(4)}`}</title>
            </circle>
          ))}
        </g>
      </svg>
    </figure>
  );
}

/** Both charts; the x axis is the optimizer step. */
export function Curves() {
  const { batches, epochs } = useAppStore(useShallow(selectCurves));
  const loss = useMemo(() => batches.map((b) => ({ step: b.step, value: b.loss })), [batches]);
  const acc = useMemo(() => batches.map((b) => ({ step: b.step, value: b.accuracy })), [batches]);
  const vLoss = useMemo(() => epochs.map((e) => ({ step: e.step, value: e.valLoss })), [epochs]);
  const vAcc = useMemo(() => epochs.map((e) => ({ step: e.step, value: e.valAccuracy })), [epochs]);
  if (batches.length === 0) return <p className="curves-empty">The loss and accuracy curves draw here, batch by batch, once training starts.</p>;
  return (
    <div className="curves">
      <Chart title="Loss" testId="curve-loss" train={loss} validation={vLoss} />
      <Chart title="Accuracy" testId="curve-accuracy" train={acc} validation={vAcc} yMax={1} />
      <p className="legend">
        <span className="key raw" /> training, per batch <span className="key smooth" /> its moving average <span className="key val" /> validation, per epoch (x: optimizer step)
      </p>
    </div>
  );
}
