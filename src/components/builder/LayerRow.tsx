/** One layer of the network being built: name, kind, its hyper-parameters inline, inputs, shape, params, errors. */
import { memo, useState, type DragEvent } from 'react';
import { formatShape, type LayerAnalysis, type LayerSpec, type SummaryRow } from '../../models';
import { isBuilderActionId, selectBuilderCommands, selectBuilderEdit, selectSelectLayer, useAppStore } from '../../store';
import { Count } from '../Figures';
import { FieldInput } from './FieldInput';
import { FIELDS } from './fields';
import { DRAG_TYPE } from './Palette';

interface Props {
  node: LayerSpec;
  row: SummaryRow | undefined;
  layer: LayerAnalysis | undefined;
  /** Every id in the network (layers and inputs), for inputs and renames; the same array while ids do not change. */
  sources: readonly string[];
  selected: boolean;
  index: number;
  count: number;
}

/**
 * Makes an element a drop target for palette items: a drop inserts the layer or block right after `target`.
 * Returns whether an item hovers over it, and the handlers to spread on the element.
 */
export function useDropTarget(target: string) {
  const select = useAppStore(selectSelectLayer);
  const run = useAppStore(selectBuilderCommands);
  const [over, setOver] = useState(false);
  const handlers = {
    onDragOver(e: DragEvent) {
      if (e.dataTransfer.types.includes(DRAG_TYPE)) {
        e.preventDefault();
        setOver(true);
      }
    },
    onDragLeave() {
      setOver(false);
    },
    onDrop(e: DragEvent) {
      setOver(false);
      const action = e.dataTransfer.getData(DRAG_TYPE);
      if (!isBuilderActionId(action)) return;
      e.preventDefault();
      select(target);
      run(action);
    },
  };
  return { over, handlers };
}

/** Why a new layer name cannot be used, or null. */
export function nameProblem(name: string, taken: readonly string[]): string | null {
  const t = name.trim();
  if (t === '') return 'a layer needs a name';
  if (t.length > 200) return 'a name must be at most 200 characters';
  return taken.includes(t) ? `the name '${t}' is already used` : null;
}

/**
 * One input edge as a text field suggesting every layer id (one shared datalist, so a 500-layer network does not
 * render 500 x 500 options); an id that does not exist is explained, not committed.
 */
function InputRef({ layer, index, value, taken, canRemove, onChange }: { layer: string; index: number; value: string; taken: readonly string[]; canRemove: boolean; onChange(v: string): void }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    const t = text.trim();
    if (t === value) return setError(null);
    if (t === '' && canRemove) return onChange('');
    if (t === layer) return setError('a layer cannot feed itself');
    if (!taken.includes(t)) return setError(`no layer is called '${t}'`);
    setError(null);
    onChange(t);
  };
  return (
    <span className="input-ref">
      <input
        aria-label={`input ${index + 1} of ${layer}`}
        list="layer-ids"
        value={text}
        size={Math.min(16, Math.max(6, text.length + 1))}
        className={error ? 'invalid' : undefined}
        spellCheck={false}
        data-testid={`input-${layer}-${index}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Rows re-render only when what they show changes (the analysis builds new row objects on every edit). */
function sameRow(a: Props, b: Props): boolean {
  const ra = a.row;
  const rb = b.row;
  return (
    a.node === b.node &&
    a.selected === b.selected &&
    a.index === b.index &&
    a.count === b.count &&
    a.sources === b.sources &&
    (a.layer?.errors.length ?? 0) === (b.layer?.errors.length ?? 0) &&
    ra?.error === rb?.error &&
    ra?.params === rb?.params &&
    ra?.kindLabel === rb?.kindLabel &&
    (ra?.outputShape?.join('x') ?? '') === (rb?.outputShape?.join('x') ?? '')
  );
}

export const LayerRow = memo(function LayerRow({ node, row, layer, sources, selected, index, count }: Props) {
  const edit = useAppStore(selectBuilderEdit);
  const select = useAppStore(selectSelectLayer);
  const run = useAppStore(selectBuilderCommands);
  const { over, handlers: drop } = useDropTarget(node.id);
  const [nameError, setNameError] = useState<string | null>(null);
  const status = layer && layer.errors.length > 0 ? 'error' : row?.error ? 'blocked' : 'ok';
  const fields = FIELDS[node.kind] ?? [];
  const merge = node.kind === 'add' || node.kind === 'concat';
  const setInput = (i: number, v: string) => {
    const next = [...node.inputs];
    if (v === '') next.splice(i, 1);
    else next[i] = v;
    edit({ id: 'connect', node: node.id, inputs: next });
  };
  return (
    <tr
      className={`brow row-${status}${selected ? ' selected' : ''}${over ? ' drop-over' : ''}`}
      data-testid={`builder-row-${node.id}`}
      data-status={status}
      aria-selected={selected}
      onClick={() => select(node.id)}
      onFocus={() => select(node.id)}
      {...drop}
    >
      <th scope="row" className="bname">
        <input
          aria-label={`name of layer ${index + 1}`}
          defaultValue={node.id}
          key={node.id}
          className={nameError ? 'invalid' : undefined}
          data-testid={`name-${node.id}`}
          size={Math.min(18, Math.max(6, node.id.length + 1))}
          spellCheck={false}
          onBlur={(e) => {
            const next = e.target.value;
            if (next === node.id) return setNameError(null);
            const problem = nameProblem(next, sources);
            if (problem) return setNameError(problem);
            const ok = edit({ id: 'rename-layer', node: node.id, to: next });
            setNameError(null);
            if (ok) select(next.trim());
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
        {nameError && (
          <span className="field-error" role="alert">
            {nameError}
          </span>
        )}
        <span className="bkind">{row?.kindLabel ?? node.kind}</span>
        <span className="bactions">
          <button type="button" className="mini" aria-label={`move ${node.id} up`} title="Move up (Alt+Up)" disabled={index === 0} onClick={(e) => (e.stopPropagation(), select(node.id), run('move-up'))}>
            ↑
          </button>
          <button type="button" className="mini" aria-label={`move ${node.id} down`} title="Move down (Alt+Down)" disabled={index === count - 1} onClick={(e) => (e.stopPropagation(), select(node.id), run('move-down'))}>
            ↓
          </button>
          <button type="button" className="mini danger" aria-label={`delete ${node.id}`} title="Delete (Del)" data-testid={`delete-${node.id}`} onClick={(e) => (e.stopPropagation(), select(node.id), run('delete'))}>
            ✕
          </button>
        </span>
      </th>
      <td className="bparams">
        {fields.filter((f) => selected || !f.advanced).map((f) => (
          <FieldInput
            key={f.key}
            field={f}
            value={(node as unknown as Record<string, unknown>)[f.key]}
            testId={`${node.id}-${f.key}`}
            onCommit={(v) => edit({ id: 'set-field', node: node.id, key: f.key, label: f.label, value: v })}
          />
        ))}
        {fields.length === 0 && <span className="muted">no settings</span>}
        {!selected && fields.some((f) => f.advanced) && <span className="muted more">more when selected</span>}
        {status !== 'ok' && row?.error && (
          <p className="row-message" data-testid={`builder-error-${node.id}`} role={status === 'error' ? 'alert' : undefined}>
            <span className="status-label">{status === 'error' ? 'Error: ' : 'Not computed: '}</span>
            {row.error}
          </p>
        )}
      </td>
      <td className="binputs">
        {node.inputs.map((src, i) => (
          <InputRef key={`${i}-${src}`} layer={node.id} index={i} value={src} taken={sources} canRemove={merge && node.inputs.length > 1} onChange={(v) => setInput(i, v)} />
        ))}
        {merge && (
          <button type="button" className="mini" data-testid={`add-input-${node.id}`} onClick={() => setInput(node.inputs.length, sources.find((s) => s !== node.id && !node.inputs.includes(s)) ?? '')}>
            + input
          </button>
        )}
      </td>
      <td className="shape" data-col="shape" data-testid={`shape-${node.id}`}>
        {status === 'ok' ? formatShape(row?.outputShape ?? null) : '?'}
      </td>
      <td className="num" data-col="params">
        {status === 'ok' ? <Count value={row?.params ?? 0} testId={`params-${node.id}`} /> : '-'}
      </td>
    </tr>
  );
}, sameRow);
