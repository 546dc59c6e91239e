/** The Keras/torchinfo-style summary table: one row per layer, errors shown in place of the figures. */
import { memo } from 'react';
import { fieldSentence, formatField, formatJump, formatShape, type LayerAnalysis, type SummaryRow } from '../models';
import { selectAnalysis, selectRows, useAppStore } from '../store';
import { Bytes, Count } from './Figures';

type RowStatus = 'ok' | 'error' | 'blocked';

/** The whole table; rows come from the store, computed once per analysis, so typing elsewhere never re-renders them. */
export function SummaryTable({ onShowInDiagram }: { onShowInDiagram?: (layerId: string) => void } = {}) {
  const analysis = useAppStore(selectAnalysis);
  const rows = useAppStore(selectRows);
  if (!analysis) return null;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Summary table (scrolls)">
      <table className="summary" data-testid="summary-table">
        <caption>
          {analysis.name}: {rows.length} layers, output shape per image (H x W x C, batch left out); receptive field: the input pixels one
          output value depends on (rows x cols, padding included) / the jump, in input pixels, between neighbouring outputs
        </caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Kind</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">Params</th>
            <th scope="col" className="num">MACs</th>
            <th scope="col" className="num">Activation memory</th>
            <th scope="col" className="num">Receptive field</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <LayerRow
              key={row.name}
              row={row}
              status={statusOf(row, analysis.layers[i])}
              inModel={analysis.layers[i]?.inModel ?? true}
              onShow={onShowInDiagram}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function statusOf(row: SummaryRow, layer: LayerAnalysis | undefined): RowStatus {
  if (row.error === null) return 'ok';
  return layer && layer.errors.length === 0 ? 'blocked' : 'error';
}

interface RowProps {
  row: SummaryRow;
  status: RowStatus;
  inModel: boolean;
  onShow?: ((layerId: string) => void) | undefined;
}

const LayerRow = memo(function LayerRow({ row, status, inModel, onShow }: RowProps) {
  const cls = [`row-${status}`, row.kind === 'input' ? 'row-input' : '', inModel ? '' : 'row-outside'].filter(Boolean).join(' ');
  return (
    <tr id={`layer-${row.name}`} className={cls} data-testid={`layer-row-${row.name}`} data-status={status}>
      <th scope="row" className="layer-name">
        {row.name}
        {!inModel && <span className="badge"> not in model</span>}
        {onShow && (
          <button type="button" className="show-in-diagram linklike" aria-label={`Show ${row.name} in the diagram`} onClick={() => onShow(row.name)} data-testid={`show-in-diagram-${row.name}`}>
            show
          </button>
        )}
      </th>
      <td data-col="kind">{row.kindLabel}</td>
      {status === 'ok' ? (
        <>
          <td data-col="shape" className="shape">{formatShape(row.outputShape)}</td>
          <td data-col="params" className="num">
            <Count value={row.params} />
          </td>
          <td data-col="macs" className="num">
            <Count value={row.macs} />
          </td>
          <td data-col="activation" className="num">
            <Bytes value={row.activationBytes} />
          </td>
          <td data-col="rf" className="num" title={fieldSentence(row.receptiveField)}>
            {formatField(row.receptiveField)}
            {row.receptiveField?.kind === 'local' && <span className="rf-jump"> /{formatJump(row.receptiveField)}</span>}
          </td>
        </>
      ) : (
        <td data-col="error" colSpan={5} className="row-message">
          <span className="status-label">{status === 'error' ? 'Error: ' : 'Not computed: '}</span>
          {row.error}
        </td>
      )}
    </tr>
  );
});
