/** After a run: test accuracy over the held-out test set and its confusion matrix. */
import { runClassNames } from '../../training/transfer';
import { formatExact, formatPercent } from '../../models';
import { selectRunConfig, selectTrainResult, useAppStore } from '../../store';
import { confusionLayout } from './curvesLayout';

export function ResultsPanel() {
  const result = useAppStore(selectTrainResult);
  const config = useAppStore(selectRunConfig);
  if (!result?.test || !config) return null;
  const classes = runClassNames(config);
  const rows = confusionLayout(result.test.confusion, classes.length);
  return (
    <section className="panel" aria-labelledby="train-results-h" data-testid="train-results">
      <h2 id="train-results-h">Test</h2>
      <p>
        Test accuracy: <strong data-testid="test-accuracy">{formatPercent(result.test.accuracy, 2)}</strong> on {formatExact(result.test.count)} test images
        (loss {result.test.loss.toFixed(4)}), after {result.epochsDone} full epoch{result.epochsDone === 1 ? '' : 's'}.
      </p>
      <table className="confusion" data-testid="confusion-matrix">
        <caption>Confusion matrix: rows are the true class, columns the predicted one; shade = share of the row.</caption>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {classes.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={classes[r]}>
              <th scope="row">{classes[r]}</th>
              {row.map((cell, c) => (
                <td key={c} className={r === c ? 'diag' : undefined} style={{ background: `rgba(31, 95, 191, ${cell.share.toFixed(3)})`, color: cell.share > 0.5 ? '#fff' : undefined }} title={`${formatPercent(cell.share, 1)} of ${classes[r]}`}>
                  {cell.count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
