/**
 * The course's lessons, interactive: VGG's stacked 3x3 convolutions, Inception's 1x1 bottleneck cost, 1x1
 * convolutions, the residual block, the identity argument computed on a real block, and data augmentation previewed
 * and measured.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { describeAugment, type AugmentSettings } from '../../data/augment/pipeline';
import { shippedModel, type TrainingRecord } from '../../predict/catalog';
import { fetchAugmentExperiment, fetchSampleDigits } from '../../store/augmentSamples';
import { fetchTrainingRecords } from '../../store/siteFiles';
import type { AugmentExperiment, AugmentExperimentRun } from '../../data/augment/experiment';
import { DATASETS } from '../../data/datasets';
import { AugmentPanel } from '../augment/AugmentPanel';
import { formatCount, formatExact, formatPercent, formatShape } from '../../models';
import { ArchitectureDiagram } from '../diagram/ArchitectureDiagram';
import { PixelCanvas } from '../predict/PixelCanvas';
import { INCEPTION_INPUT, INCEPTION_KERNEL, INCEPTION_OUT, inceptionCost, oneByOne, residualBlock, STACK_SIDE, stackedConvs } from './lessonSpecs';
import { channelImage, identityDemo } from './residualMath';

function Bar({ value, max, label, testId, tone }: { value: number; max: number; label: string; testId: string; tone: string }) {
  return (
    <div className="lesson-bar">
      <span className="lesson-bar-label">{label}</span>
      <span className="lesson-bar-track">
        <span className={`lesson-bar-fill tone-${tone}`} style={{ width: `${Math.max(0.5, (100 * value) / max)}%` }} />
      </span>
      <span className="lesson-bar-value" data-testid={testId} data-value={value} title={formatExact(value)}>
        {formatCount(value)}
      </span>
    </div>
  );
}

function StackedConvLesson() {
  const [c, setC] = useState(64);
  const [n, setN] = useState(2);
  const id = useId();
  const r = useMemo(() => stackedConvs(c, n), [c, n]);
  const k = r.kernel;
  const ratio = r.single.params / r.stack.params;
  return (
    <section className="panel lesson" aria-labelledby={`${id}-t`} data-testid="lesson-stacked">
      <h2 id={`${id}-t`}>Two 3x3 convolutions see what one 5x5 sees</h2>
      <p>
        VGG uses only 3x3 convolutions. Stacked, each one widens the receptive field by 2 pixels, so n of them see what one (2n+1)x(2n+1) convolution sees,
        with fewer weights (n x 9C² against (2n+1)²C² at C channels in and out) and a ReLU after each instead of one. Both run here on
        a {`${STACK_SIDE}x${STACK_SIDE}xC`} image with &apos;same&apos; padding, without biases (they add C per layer); the engine computes every figure.
      </p>
      <div className="compare-settings">
        <label htmlFor={`${id}-c`} className="lesson-slider">
          Channels C = <strong data-testid="stacked-c">{c}</strong>
        </label>
        <input id={`${id}-c`} type="range" min={1} max={512} value={c} onChange={(e) => setC(Number(e.target.value))} data-testid="stacked-c-slider" />
        <label>
          Stacked 3x3 convolutions{' '}
          <select value={n} onChange={(e) => setN(Number(e.target.value))} data-testid="stacked-n">
            {[1, 2, 3, 4, 5].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Bar label={`One ${k}x${k} conv: weights`} value={r.single.params} max={Math.max(r.single.params, r.stack.params)} testId="stacked-bar-single" tone="conv" />
      <Bar label={`${n} x 3x3 conv: weights`} value={r.stack.params} max={Math.max(r.single.params, r.stack.params)} testId="stacked-bar-stack" tone="dense" />
      <div className="table-scroll">
        <table className="summary lesson-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num">Receptive field</th>
              <th scope="col" className="num">Weights</th>
              <th scope="col" className="num">Multiplications</th>
              <th scope="col" className="num">ReLUs</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                {n} x 3x3 conv, {c} filters
              </th>
              <td className="num" data-testid="stacked-rf-stack">
                {r.stack.field}x{r.stack.field}
              </td>
              <td className="num" data-testid="stacked-params-stack">{formatExact(r.stack.params)}</td>
              <td className="num">{formatCount(r.stack.macs)}</td>
              <td className="num">{r.stack.relus}</td>
            </tr>
            <tr>
              <th scope="row">
                one {k}x{k} conv, {c} filters
              </th>
              <td className="num" data-testid="stacked-rf-single">
                {r.single.field}x{r.single.field}
              </td>
              <td className="num" data-testid="stacked-params-single">{formatExact(r.single.params)}</td>
              <td className="num">{formatCount(r.single.macs)}</td>
              <td className="num">{r.single.relus}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <ul className="lesson-math">
        <li data-testid="stacked-growth">
          The stack&apos;s receptive field, layer by layer: {r.stack.layers.map((l) => `${l.field}x${l.field}`).join(' → ')}
        </li>
        <li data-testid="stacked-ratio">
          {n} x 9 x {c}² = {formatExact(r.stack.params)} against {k}² x {c}² = {formatExact(r.single.params)}:{' '}
          {ratio > 1 ? `${ratio.toFixed(2)}x fewer weights for the same field` : 'the same weights: one 3x3 is its own single convolution'}.
        </li>
      </ul>
    </section>
  );
}

function InceptionLesson() {
  const [k, setK] = useState(16);
  const id = useId();
  const c = useMemo(() => inceptionCost(k), [k]);
  const shape = formatShape(INCEPTION_INPUT);
  return (
    <section className="panel lesson" aria-labelledby={`${id}-t`} data-testid="lesson-inception">
      <h2 id={`${id}-t`}>Why Inception needs 1x1 bottlenecks</h2>
      <p>
        Input {shape}; a {INCEPTION_KERNEL}x{INCEPTION_KERNEL} same convolution with {INCEPTION_OUT} filters gives {formatShape(c.output)}. Each output value
        needs {INCEPTION_KERNEL}x{INCEPTION_KERNEL}x{INCEPTION_INPUT[2]} multiplications.
      </p>
      <label htmlFor={`${id}-k`} className="lesson-slider">
        Bottleneck size k = <strong data-testid="inception-k">{k}</strong> channels
      </label>
      <input id={`${id}-k`} type="range" min={1} max={192} value={k} onChange={(e) => setK(Number(e.target.value))} data-testid="inception-k-slider" />
      <Bar label="Naive: 5x5 on all 192 channels" value={c.naive.macs} max={c.naive.macs} testId="inception-naive-macs" tone="conv" />
      <Bar label={`1x1 to ${k}, then 5x5`} value={c.bottleneck.macs} max={c.naive.macs} testId="inception-bottleneck-macs" tone="dense" />
      <ul className="lesson-math">
        <li>
          Naive: {formatShape(c.output)} x {INCEPTION_KERNEL}x{INCEPTION_KERNEL}x{INCEPTION_INPUT[2]} = <strong>{formatExact(c.naive.macs)}</strong> multiplications
        </li>
        <li>
          1x1 reduce: {formatShape(c.bottleneck.middle)} x 1x1x{INCEPTION_INPUT[2]} = {formatExact(c.bottleneck.reduceMacs)}; then 5x5: {formatShape(c.output)} x{' '}
          {INCEPTION_KERNEL}x{INCEPTION_KERNEL}x{k} = {formatExact(c.bottleneck.convMacs)}; total <strong>{formatExact(c.bottleneck.macs)}</strong>
        </li>
        <li data-testid="inception-ratio">
          {c.ratio >= 1 ? `${c.ratio.toFixed(1)}x fewer` : `${(1 / c.ratio).toFixed(1)}x more`} multiplications; parameters {formatExact(c.naive.params)} →{' '}
          {formatExact(c.bottleneck.params)}.
        </li>
      </ul>
    </section>
  );
}

function OneByOneLesson() {
  const o = useMemo(() => oneByOne(), []);
  return (
    <section className="panel lesson" aria-labelledby="lesson-1x1-t" data-testid="lesson-1x1">
      <h2 id="lesson-1x1-t">1x1 convolutions: a fully connected layer at every position</h2>
      <p>
        A 1x1 convolution with 32 filters shrinks {formatShape([28, 28, 192])} to <strong data-testid="onebyone-output">{formatShape(o.conv.output)}</strong>: it
        changes the number of channels and leaves height and width alone (pooling does the opposite).
      </p>
      <div className="table-scroll">
        <table className="summary lesson-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Output</th>
              <th scope="col" className="num">Params</th>
              <th scope="col" className="num">Multiplications</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">1x1 conv, 32 filters on 28x28x192</th>
              <td>{formatShape(o.conv.output)}</td>
              <td className="num" data-testid="onebyone-conv-params">{formatExact(o.conv.params)}</td>
              <td className="num">{formatExact(o.conv.macs)}</td>
            </tr>
            <tr>
              <th scope="row">Dense 192 → 32 at one position</th>
              <td>{formatShape(o.dense.output)}</td>
              <td className="num" data-testid="onebyone-dense-params">{formatExact(o.dense.params)}</td>
              <td className="num">{formatExact(o.dense.macs)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p data-testid="onebyone-same">
        {o.conv.params === o.dense.params ? 'Same parameters' : 'Different parameters'}: the 1x1 convolution is the dense layer applied at all {o.positions}{' '}
        positions ({formatExact(o.dense.macs)} x {o.positions} = {formatExact(o.dense.macs * o.positions)}
        {o.dense.macs * o.positions === o.conv.macs ? ', its multiplications' : ''}).
      </p>
    </section>
  );
}

function ResidualLesson() {
  const [channels, setChannels] = useState(64);
  const [stride, setStride] = useState(1);
  const r = useMemo(() => residualBlock(channels, stride), [channels, stride]);
  const out = r.analysis.layers[r.analysis.layers.length - 1]?.outputShape ?? null;
  return (
    <section className="panel lesson" aria-labelledby="lesson-res-t" data-testid="lesson-residual">
      <h2 id="lesson-res-t">The residual block</h2>
      <p>
        The main path computes z[l+2] from a[l] through two 3x3 convolutions; the shortcut carries a[l] around them and the block outputs{' '}
        <strong>a[l+2] = g(z[l+2] + a[l])</strong>. If the two convolutions learn nothing (weights near zero), a[l+2] = g(a[l]) = a[l] for ReLU outputs: the
        block can always fall back to the identity, so depth does not hurt.
      </p>
      <div className="compare-settings">
        <label>
          Output channels{' '}
          <select value={channels} onChange={(e) => setChannels(Number(e.target.value))} data-testid="residual-channels">
            <option value={64}>64 (same as input)</option>
            <option value={128}>128</option>
          </select>
        </label>
        <label>
          Stride{' '}
          <select value={stride} onChange={(e) => setStride(Number(e.target.value))} data-testid="residual-stride">
            <option value={1}>1</option>
            <option value={2}>2 (halves the image)</option>
          </select>
        </label>
      </div>
      <p data-testid="residual-shortcut">
        {r.projection
          ? `Shapes differ (56x56x64 in, ${formatShape(out)} out): the shortcut is a 1x1 convolution W_s with stride ${stride}, a[l+2] = g(z[l+2] + W_s a[l]).`
          : `Shapes match (56x56x64 in, ${formatShape(out)} out): the shortcut is the identity and adds no parameters.`}{' '}
        Block parameters: {formatExact(r.analysis.totals.params)}.
      </p>
      <ArchitectureDiagram key={`${channels}-${stride}`} analysis={r.analysis} spec={r.spec} title={`Residual block (${channels} channels, stride ${stride})`} height={460} testId="residual-diagram" expandAll />
    </section>
  );
}

function IdentityLesson() {
  const [scale, setScale] = useState(1);
  const d = useMemo(() => identityDemo(scale), [scale]);
  const max = Math.max(...d.input.data, ...d.residual.data, 1e-6);
  return (
    <section className="panel lesson" aria-labelledby="lesson-identity-t" data-testid="lesson-identity">
      <h2 id="lesson-identity-t">Why a residual block can always fall back to the identity</h2>
      <p>
        A real block on an 8x8x4 map of ReLU outputs: two 3x3 convolutions with He-initialised weights give z[l+2]; the slider scales their weights.
        The residual block outputs g(z[l+2] + a[l]), its plain twin g(z[l+2]). At zero the residual block returns a[l] exactly (a[l] is already a ReLU
        output, so g(a[l]) = a[l]); the plain block returns zeros: it must learn the identity, which is hard for a stack of layers. The Depth screen
        trains both kinds.
      </p>
      <label className="identity-slider">
        Main path's weights x <strong data-testid="identity-scale">{scale.toFixed(2)}</strong>
        <input type="range" min={0} max={1} step={0.05} value={scale} onChange={(e) => setScale(Number(e.target.value))} aria-label="Scale of the main path's weights" data-testid="identity-slider" />
      </label>
      <div className="identity-maps">
        <figure>
          <PixelCanvas image={channelImage(d.input, 0, max)} label="Input a[l], channel 1" size={96} />
          <figcaption>a[l] (channel 1)</figcaption>
        </figure>
        <figure>
          <PixelCanvas image={channelImage(d.residual, 0, max)} label="Residual block output, channel 1" size={96} />
          <figcaption>
            residual: changed by <span data-testid="identity-residual">{formatPercent(d.residualChange, 1)}</span>
          </figcaption>
        </figure>
        <figure>
          <PixelCanvas image={channelImage(d.plain, 0, max)} label="Plain block output, channel 1" size={96} />
          <figcaption>
            plain: changed by <span data-testid="identity-plain">{formatPercent(d.plainChange, 1)}</span>
          </figcaption>
        </figure>
      </div>
      <p className="why">"Changed by" is ||output - a[l]|| / ||a[l]|| over all four channels.</p>
    </section>
  );
}

/** The shipped pairs trained alike but for augmentation: [without, with]. */
const AUGMENT_PAIRS = [
  ['lenet5-mnist', 'lenet5-mnist-aug'],
  ['lenet5-fashion', 'lenet5-fashion-aug'],
] as const;

function AugmentLesson() {
  const [settings, setSettings] = useState<AugmentSettings>(() => shippedModel('lenet5-mnist-aug')!.recipe.augment!);
  const [digits, setDigits] = useState<{ images: Uint8Array; labels: Uint8Array } | null>(null);
  const [records, setRecords] = useState<Record<string, TrainingRecord>>({});
  const [grid, setGrid] = useState<AugmentExperiment | null>(null);
  useEffect(() => {
    let live = true;
    void fetchSampleDigits().then((d) => live && setDigits(d));
    void fetchTrainingRecords(AUGMENT_PAIRS.flat()).then((r) => live && setRecords(r));
    void fetchAugmentExperiment().then((g) => live && setGrid(g));
    return () => {
      live = false;
    };
  }, []);
  const rows = AUGMENT_PAIRS.filter(([a, b]) => records[a] && records[b]);
  const plainOf = (r: AugmentExperimentRun) => grid?.runs.find((p) => p.dataset === r.dataset && p.trainImages === r.trainImages && p.augmentation === 'none');
  const pairs = grid ? grid.runs.filter((r) => r.augmentation === 'none').map((p) => [p, grid.runs.find((a) => a.dataset === p.dataset && a.trainImages === p.trainImages && a.recipe)] as const) : [];
  const alone = grid ? grid.runs.filter((r) => r.augmentation !== 'none' && !r.recipe) : [];
  return (
    <section className="panel lesson" aria-labelledby="lesson-augment-t" data-testid="lesson-augment">
      <h2 id="lesson-augment-t">Data augmentation: more data from the data you have</h2>
      <p>
        The course lists mirroring (only if it preserves what you classify), random cropping (big enough crops, or you take a wrong one), rotation, shearing,
        local warping and colour shifting, PCA colour augmentation among them, and says to make the distorted batches on another CPU thread while the
        network trains. Their parameters are hyper-parameters too. Move them here; the Train screen runs them in a second worker.
      </p>
      <AugmentPanel settings={settings} onChange={(a) => setSettings((s) => ({ ...s, ...a }))} dataset="mnist" samples={digits} idPrefix="lesson" headingLevel={3} />
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="summary lesson-table" data-testid="lesson-augment-results">
          <caption>Measured: the shipped models trained alike (same network, seed and epochs) but for augmentation, on the whole 10,000-image test sets</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Augmentation</th>
              <th scope="col" className="num">Without</th>
              <th scope="col" className="num">With</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([a, b]) => (
              <tr key={b}>
                <td>{shippedModel(b)!.name.replace(', augmented', '')}</td>
                <td>{records[b]!.recipe.augment ? describeAugment(records[b]!.recipe.augment) : 'none'}</td>
                <td className="num">{formatPercent(records[a]!.testAccuracy, 2)}</td>
                <td className="num">{formatPercent(records[b]!.testAccuracy, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
          </div>
      )}
      {grid && pairs.length > 0 && (
        <div className="table-scroll">
          <table className="summary lesson-table" data-testid="lesson-augment-grid">
          <caption>
            Measured with little data (npm run experiment:augment): LeNet-5 on the first N training images, {formatExact(grid.steps)} steps at batch {grid.batchSize} either
            way, seed {grid.seed}; test accuracy on all 10,000 test images. {grid.engine}, {grid.machine}, {grid.date}.
          </caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col" className="num">Training images</th>
              <th scope="col" className="num">Plain</th>
              <th scope="col" className="num">Augmented</th>
              <th scope="col" className="num">Training accuracy, plain / augmented</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map(([p, a]) => (
              <tr key={`${p.dataset}-${p.trainImages}`}>
                <td>{DATASETS[p.dataset].name}</td>
                <td className="num">{formatExact(p.trainImages)}</td>
                <td className="num">{formatPercent(p.testAccuracy, 2)}</td>
                <td className="num">{a ? formatPercent(a.testAccuracy, 2) : '—'}</td>
                <td className="num">
                  {formatPercent(p.trainAccuracy, 2)} / {a ? formatPercent(a.trainAccuracy, 2) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
          </div>
      )}
      {alone.length > 0 && (
        <div className="table-scroll">
          <table className="summary lesson-table" data-testid="lesson-augment-alone">
          <caption>Each op of the recipe alone, same runs otherwise: which distortion helps, which hurts</caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Op</th>
              <th scope="col" className="num">Test accuracy</th>
              <th scope="col" className="num">Against plain</th>
            </tr>
          </thead>
          <tbody>
            {alone.map((r) => {
              const p = plainOf(r);
              return (
                <tr key={`${r.dataset}-${r.augmentation}`}>
                  <td>
                    {DATASETS[r.dataset].name}, {formatExact(r.trainImages)} images
                  </td>
                  <td>{r.augmentation}</td>
                  <td className="num">{formatPercent(r.testAccuracy, 2)}</td>
                  <td className="num">{p ? `${r.testAccuracy >= p.testAccuracy ? '+' : ''}${((r.testAccuracy - p.testAccuracy) * 100).toFixed(2)} points` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
          </div>
      )}
    </section>
  );
}

/** The lessons screen. */
export default function LessonsScreen() {
  return (
    <article className="lessons" aria-labelledby="lessons-title" data-testid="lessons-screen">
      <h1 id="lessons-title">Lessons</h1>
      <p className="note">The course’s worked examples, computed live by the same engine as the rest of the app. Move the controls and watch the numbers.</p>
      <StackedConvLesson />
      <InceptionLesson />
      <OneByOneLesson />
      <ResidualLesson />
      <IdentityLesson />
      <AugmentLesson />
    </article>
  );
}
