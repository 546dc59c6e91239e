/** The network being built as an editable table: the input (its shape editable), then every layer in list order. */
import { useMemo, useState } from 'react';
import { formatCount, formatExact, formatShape, parseShape, type LayerAnalysis } from '../../models';
import {
  selectDraftAnalysis,
  selectDraftId,
  selectDraftRows,
  selectDraftSpec,
  selectBuilderEdit,
  selectSelectedId,
  selectSelectLayer,
  useAppStore,
} from '../../store';
import { LayerRow, useDropTarget } from './LayerRow';
import { groupsOf, tableItems, type GroupItem } from './rowGroups';

/** The editable layer table, with a drop zone at its end. */
export function LayerTable() {
  const spec = useAppStore(selectDraftSpec);
  const analysis = useAppStore(selectDraftAnalysis);
  const rows = useAppStore(selectDraftRows);
  const selectedId = useAppStore(selectSelectedId);
  const tail = spec ? (spec.nodes[spec.nodes.length - 1]?.id ?? spec.inputs[0]?.id ?? '') : '';
  const { over, handlers: drop } = useDropTarget(tail);
  const idKey = spec ? [...spec.inputs.map((i) => i.id), ...spec.nodes.map((n) => n.id)].join('\u0000') : '';
  // One array of ids while no layer is added, removed or renamed, so unchanged rows skip rendering.
  const ids = useMemo(() => (idKey === '' ? [] : idKey.split('\u0000')), [idKey]);
  // Groups the user opened, per network; the selected layer's groups are open too (a click on the diagram shows its row).
  const [opened, setOpened] = useState<{ net: string; open: ReadonlySet<string> }>({ net: '', open: new Set() });
  const net = useAppStore(selectDraftId) ?? '';
  const select = useAppStore(selectSelectLayer);
  const open = useMemo(() => new Set([...(opened.net === net ? opened.open : []), ...(selectedId ? groupsOf(selectedId) : [])]), [opened, net, selectedId]);
  // The layers' ids change only when a layer is added, removed or renamed, so a field's edit does not regroup the table.
  const inputCount = spec?.inputs.length ?? 0;
  const nodeIds = useMemo(() => ids.slice(inputCount), [ids, inputCount]);
  const items = useMemo(() => tableItems(nodeIds, open), [nodeIds, open]);
  if (!spec || !analysis) return null;
  const toggle = (key: string) => {
    // Closing a group closes the groups inside it too.
    const next = open.has(key) ? new Set([...open].filter((k) => k !== key && !k.startsWith(`${key}.`))) : new Set([...open, key]);
    setOpened({ net, open: next });
    // Closing the group of the selected layer would open it again at once: the group's header takes the selection's place.
    if (selectedId && !next.has(key) && groupsOf(selectedId).includes(key)) select(null);
  };
  const rowById = new Map(rows.map((r) => [r.name, r]));
  const layerById = new Map(analysis.layers.map((l) => [l.id, l]));
  return (
    <div className="table-scroll builder-table-wrap">
      <table className="summary builder-table" data-testid="builder-table">
        <caption>
          {spec.name}: {spec.nodes.length} layer{spec.nodes.length === 1 ? '' : 's'}. Output shapes are per image (H x W x C). Select a layer to add after it.
        </caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Settings</th>
            <th scope="col">Inputs</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">Params</th>
          </tr>
        </thead>
        <tbody>
          {spec.inputs.map((inp) => (
            <InputRow key={inp.id} id={inp.id} shape={inp.shape} selected={selectedId === inp.id} error={rowById.get(inp.id)?.error ?? null} />
          ))}
          {items.map((item) => {
            if (item.kind === 'group') return <GroupRow key={`${item.key}@${item.first}`} group={item} layers={layerById} onToggle={toggle} />;
            const n = spec.nodes[item.index]!;
            return <LayerRow key={n.id} node={n} row={rowById.get(n.id)} layer={layerById.get(n.id)} sources={ids} selected={selectedId === n.id} index={item.index} count={spec.nodes.length} />;
          })}
          <tr
            className={`drop-end${over ? ' drop-over' : ''}`}
            data-testid="drop-end"
            {...drop}
          >
            <td colSpan={5}>{spec.nodes.length === 0 ? 'Empty network: add a layer from the palette, or drop one here.' : 'Drop a layer or block here to add it at the end.'}</td>
          </tr>
        </tbody>
      </table>
      <datalist id="layer-ids">
        {ids.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
    </div>
  );
}

/** A stage's or block's header: what it holds, its parameters and output, its errors; a button opens or closes it. */
function GroupRow({ group, layers, onToggle }: { group: GroupItem; layers: ReadonlyMap<string, LayerAnalysis>; onToggle: (key: string) => void }) {
  let params = 0;
  let errors = 0;
  for (const id of group.ids) {
    const l = layers.get(id);
    params += l?.params ?? 0;
    errors += l?.errors.length ?? 0;
  }
  const last = layers.get(group.ids[group.ids.length - 1]!);
  const holds = group.groups > 0 ? `${group.groups} block${group.groups === 1 ? '' : 's'}, ${group.ids.length} layers` : `${group.ids.length} layers`;
  return (
    <tr className={`bgroup depth-${group.depth}${errors > 0 ? ' row-error' : ''}`} data-testid={`builder-group-${group.key}`} data-status={errors > 0 ? 'error' : 'ok'}>
      <th scope="row" colSpan={3}>
        <button type="button" className="group-toggle" aria-expanded={group.open} data-testid={`builder-group-toggle-${group.key}`} onClick={() => onToggle(group.key)} style={{ marginLeft: `${group.depth * 1.25}rem` }}>
          <span aria-hidden="true">{group.open ? '▾' : '▸'}</span> {group.key}
        </button>{' '}
        <span className="muted">
          {holds}
          {errors > 0 && <strong className="field-error"> · {errors} error{errors === 1 ? '' : 's'} inside</strong>}
        </span>
      </th>
      <td className="shape">{formatShape(last?.outputShape ?? null)}</td>
      <td className="num" title={formatExact(params)}>
        {formatCount(params)}
      </td>
    </tr>
  );
}

function InputRow({ id, shape, selected, error }: { id: string; shape: number[]; selected: boolean; error: string | null }) {
  const edit = useAppStore(selectBuilderEdit);
  const select = useAppStore(selectSelectLayer);
  const shown = formatShape(shape);
  const [text, setText] = useState(shown);
  const [synced, setSynced] = useState(shown);
  const [bad, setBad] = useState(false);
  if (shown !== synced) {
    setSynced(shown);
    setText(shown);
    setBad(false);
  }
  return (
    <tr className={`brow row-input${selected ? ' selected' : ''}`} data-testid={`builder-row-${id}`} aria-selected={selected} onClick={() => select(id)}>
      <th scope="row" className="bname">
        <span className="input-id">{id}</span>
        <span className="bkind">input</span>
      </th>
      <td className="bparams" colSpan={2}>
        <label className="field">
          <span className="field-label">shape (H x W x C)</span>
          <input
            value={text}
            size={12}
            className={bad ? 'invalid' : undefined}
            aria-invalid={bad || undefined}
            data-testid="builder-input-shape"
            onFocus={() => select(id)}
            onChange={(e) => {
              setText(e.target.value);
              const s = parseShape(e.target.value);
              setBad(!s);
              if (s) edit({ id: 'set-input-shape', shape: s });
            }}
          />
        </label>
        {bad && (
          <span className="field-error" role="alert" data-testid="builder-input-shape-error">
            Type H x W x C, e.g. 32x32x1 (or one number for a vector).
          </span>
        )}
        {error && <p className="row-message">{error}</p>}
      </td>
      <td className="shape" data-testid={`shape-${id}`}>
        {shown}
      </td>
      <td className="num">0</td>
    </tr>
  );
}
