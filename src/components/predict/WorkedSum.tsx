/**
 * A clicked convolution output worked out with the real numbers: the input patch under the window (padding shown
 * as zeros), the filter, their products, each input channel's sum, the total, plus bias, through the activation,
 * and that this is the value the map shows.
 */
import { useState } from 'react';
import { workOut } from '../../predict/inside';
import type { WorkedValue } from '../../store';

const fmt = (v: number, d = 4) => (Object.is(Math.round(v * 10 ** d), -0) ? 0 : v).toFixed(d);

function Grid({ title, rows, cols, cell, padded, testId }: { title: string; rows: number; cols: number; cell(i: number): number; padded?: Uint8Array; testId: string }) {
  return (
    <table className="worked-grid" data-testid={testId}>
      <caption>{title}</caption>
      <tbody>
        {Array.from({ length: rows }, (_, y) => (
          <tr key={y}>
            {Array.from({ length: cols }, (_, x) => {
              const i = y * cols + x;
              const pad = padded?.[i] === 1;
              return (
                <td key={x} className={pad ? 'pad' : undefined} title={pad ? 'padding: outside the input, a zero' : String(cell(i))}>
                  {fmt(cell(i), 3)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WorkedSum({ w, shown, inputWhat }: { w: WorkedValue; shown: number; inputWhat: string }) {
  const [channel, setChannel] = useState(0);
  const o = workOut(w);
  const [kh, kw] = w.kernelSize;
  const c = Math.min(channel, w.channels - 1);
  const at = (a: ArrayLike<number>) => (i: number) => a[i * w.channels + c]!;
  const taps = kh * kw * w.channels;
  const actName = w.activation === 'linear' ? null : w.activation;
  return (
    <div className="worked" data-testid="worked-sum" data-value={w.value} data-shown={shown} data-activated={o.activated ?? ''} data-matches={o.matches} data-taps={taps}>
      <h3>
        {w.probe.layer}, map {w.probe.channel + 1}, row {w.probe.y}, column {w.probe.x}: <span data-testid="probe-value">{fmt(shown)}</span>
      </h3>
      <p className="muted">
        Its {kh}x{kw} window on {w.inputLayer} ({inputWhat}) starts at row {w.origin[0]}, column {w.origin[1]}
        {w.dilation[0] > 1 || w.dilation[1] > 1 ? `, taps ${w.dilation.join('x')} apart` : ''}; rows and columns count from 0.
        {o.paddedTaps > 0 && ` ${o.paddedTaps} of its ${kh * kw} positions lie on 'same' padding outside the input: zeros, marked.`}
      </p>
      {w.channels > 1 && (
        <label className="hyper-field worked-channel">
          Input channel ({w.channels} in all)
          <select value={c} onChange={(e) => setChannel(Number(e.target.value))}>
            {Array.from({ length: w.channels }, (_, i) => (
              <option key={i} value={i}>
                {i + 1}: sum {fmt(o.channelSums[i]!)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="worked-grids">
        <Grid title={`input${w.channels > 1 ? `, channel ${c + 1}` : ''}`} rows={kh} cols={kw} cell={at(w.patch)} padded={w.padded} testId="worked-patch" />
        <span className="op" aria-hidden="true">
          ×
        </span>
        <Grid title={`filter ${w.probe.channel + 1}${w.channels > 1 ? `, channel ${c + 1}` : ''}`} rows={kh} cols={kw} cell={at(w.kernel)} testId="worked-kernel" />
        <span className="op" aria-hidden="true">
          =
        </span>
        <Grid title="products" rows={kh} cols={kw} cell={at(o.products)} padded={w.padded} testId="worked-products" />
      </div>
      <ol className="worked-steps">
        {w.channels > 1 && (
          <li>
            channel {c + 1}&apos;s {kh * kw} products sum to {fmt(o.channelSums[c]!)}
          </li>
        )}
        <li>
          sum of all {taps} products{w.channels > 1 ? ` (${w.channels} channels)` : ''} = <strong data-testid="worked-total">{fmt(o.sum)}</strong>
        </li>
        <li>
          {w.bias === null ? 'no bias' : `+ bias ${fmt(w.bias)}`} = {fmt(o.z)}
        </li>
        <li>
          {actName ? `${actName}(${fmt(o.z)}) = ` : 'no activation: '}
          <strong>{o.activated === null ? `${fmt(w.value)} (as TF.js computes ${w.activation})` : fmt(o.activated)}</strong>
          {o.matches ? <span className="ok"> = the value shown ✓</span> : <span className="wrong"> · TF.js gives {fmt(w.value)}</span>}
        </li>
      </ol>
    </div>
  );
}
