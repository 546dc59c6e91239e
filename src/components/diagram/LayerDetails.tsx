/** Details of the selected diagram node: figures, the worked arithmetic behind them, errors; groups can expand. */
import { fieldSentence, formatBytes, formatCount, formatExact, formatShape, layerDef, type NetworkAnalysis, type NetworkSpec } from '../../models';
import { layerArithmetic, nodeSpec } from '../../viz/arithmetic';
import type { PlacedNode } from '../../viz/diagramLayout';
import type { Hierarchy } from '../../viz/hierarchy';

interface Props {
  node: PlacedNode | null;
  analysis: NetworkAnalysis;
  spec: NetworkSpec | null;
  hierarchy: Hierarchy;
  expanded: ReadonlySet<string>;
  onToggle(key: string): void;
  testId: string;
}

function Fig({ label, value, exact }: { label: string; value: string; exact?: string }) {
  return (
    <div className="fig">
      <dt>{label}</dt>
      <dd title={exact}>{value}</dd>
    </div>
  );
}

/** The panel beside the diagram; says how to select something when nothing is. */
export function LayerDetails({ node, analysis, spec, hierarchy, expanded, onToggle, testId }: Props) {
  if (!node) {
    return (
      <aside className="layer-details empty" data-testid={testId} aria-label="Layer details">
        <p>Select a layer (click, or Tab then Enter) to see its shapes, parameters and MACs worked out.</p>
        <p className="note">Click a stage, block or module to expand it.</p>
      </aside>
    );
  }
  const src = node.source;
  if (src.type === 'group') {
    const byId = new Map(analysis.layers.map((l) => [l.id, l]));
    const first = byId.get(src.group.members[0]!);
    const inShape = first?.inputs[0] !== undefined ? (byId.get(first.inputs[0])?.outputShape ?? null) : null;
    const outShape = src.exits[0] !== undefined ? (byId.get(src.exits[0])?.outputShape ?? null) : null;
    return (
      <aside className="layer-details" data-testid={testId} aria-label={`Details of ${src.group.name}`} aria-live="polite">
        <h3>{src.group.name}</h3>
        <p className="kind">
          Group of {src.group.members.length} layers{src.group.children.length > 0 ? ` in ${src.group.children.length} blocks` : ''}
        </p>
        <dl>
          <Fig label="Input" value={formatShape(inShape)} />
          <Fig label="Output" value={formatShape(outShape)} />
          <Fig label="Parameters" value={formatCount(src.params)} exact={formatExact(src.params)} />
          <Fig label="MACs" value={formatCount(src.macs)} exact={formatExact(src.macs)} />
          <Fig label="Activation memory" value={formatBytes(src.activationBytes)} />
        </dl>
        {node.error && <p className="field-error">{node.error}</p>}
        <button type="button" onClick={() => onToggle(src.key)} data-testid={`${testId}-toggle`}>
          {expanded.has(src.key) ? 'Collapse' : 'Expand'} {src.group.name}
        </button>
      </aside>
    );
  }
  const l = src.layer;
  const shapes = new Map(analysis.layers.map((x) => [x.id, x.outputShape]));
  const inputs = l.inputs.map((i) => shapes.get(i) ?? null);
  const lines = layerArithmetic(nodeSpec(spec, l.id), l, inputs);
  const kindLabel = l.kind === 'input' ? 'input' : (layerDef(l.kind)?.label ?? String(l.kind));
  const groups = hierarchy.ancestors.get(l.id) ?? [];
  return (
    <aside className="layer-details" data-testid={testId} aria-label={`Details of ${l.id}`} aria-live="polite">
      <h3>{l.id}</h3>
      <p className="kind">
        {kindLabel}
        {groups.length > 0 && <> in {groups.map((g) => hierarchy.groups.get(g)!.name).join(' › ')}</>}
      </p>
      {l.errors.map((e) => (
        <p key={e.message} className="field-error" role="alert" data-testid={`${testId}-error`}>
          {e.message}
        </p>
      ))}
      {l.blockedBy.length > 0 && <p className="field-error">Not computed: waits on {l.blockedBy.join(', ')}.</p>}
      <dl>
        <Fig label="Input" value={inputs.map(formatShape).join(' + ') || '—'} />
        <Fig label="Output" value={formatShape(l.outputShape)} />
        <Fig label="Parameters" value={formatExact(l.params)} />
        {l.nonTrainableParams > 0 && <Fig label="of which non-trainable" value={formatExact(l.nonTrainableParams)} />}
        <Fig label="MACs" value={formatExact(l.macs)} />
        <Fig label="Activation memory" value={formatBytes(l.activationBytes)} exact={`${formatExact(l.activationElements)} values`} />
        {l.outputShape && <Fig label="Receptive field" value={fieldSentence(l.receptiveField)} exact="jump: input pixels between the fields of neighbouring outputs" />}
      </dl>
      {lines.length > 0 && (
        <>
          <h4>The arithmetic</h4>
          <ul className="arith" data-testid={`${testId}-arithmetic`}>
            {lines.map((a) => (
              <li key={a.what}>
                <span className="arith-what">{a.what}</span> <code className="arith-formula">{a.formula}</code>
                <code className="arith-worked">= {a.worked}</code>
                {a.engine !== null && a.engine !== a.result && <span className="field-error"> (the engine says {formatExact(a.engine)})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {spec && (
        <p className="note">
          <a href={`#layer-${l.id}`}>Show in the table</a>
        </p>
      )}
    </aside>
  );
}
