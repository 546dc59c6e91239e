/** A zoo network's teaching notes: what it introduced, its paper, the figures that matter (live), classic vs modern. */
import { formatBytes, formatCount, type NetworkAnalysis, type ZooEntry } from '../../models';
import { networkNotes } from '../../models/zoo/notes';
import { publishedAccuracy } from '../../models/zoo/accuracy';

/** The notes panel of the network view; every number in it comes from the live analysis or a cited source. */
export function NotesPanel({ entry, analysis }: { entry: ZooEntry; analysis: NetworkAnalysis | null }) {
  const notes = networkNotes(entry);
  const acc = publishedAccuracy(entry.id);
  const t = analysis?.totals;
  return (
    <section className="panel notes" aria-labelledby="notes-title" data-testid="notes-panel">
      <h2 id="notes-title">Notes: {entry.name}</h2>
      <p data-testid="notes-introduced">{notes.introduced}</p>
      <p className="paper-link">
        Paper:{' '}
        <a href={entry.paper.url} target="_blank" rel="noreferrer">
          {entry.paper.title}
        </a>{' '}
        ({entry.paper.authors.split(',')[0]} et al., {entry.paper.year})
      </p>
      {t && analysis.errorCount === 0 && (
        <p data-testid="notes-numbers">
          <strong>The numbers:</strong> {formatCount(t.params)} parameters, {formatCount(t.macs)} MACs per image, {formatBytes(t.activationBytes)} of
          activations per image, depth {t.depth} (conv and dense layers on the longest path), at {analysis.layers[0]?.outputShape?.join('x') ?? '?'}
          {acc && (
            <>
              ; ImageNet top-1 {acc.top1.toFixed(1)}% (
              <a href={acc.url} target="_blank" rel="noreferrer">
                {acc.source}
              </a>
              )
            </>
          )}
          .
        </p>
      )}
      <h3>What to look at</h3>
      <ul>
        {notes.lookAt.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <h3>Classic vs modern</h3>
      <table className="classic-modern" data-testid="classic-modern">
        <thead>
          <tr>
            <th scope="col">Then</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {notes.classicVsModern.map((c) => (
            <tr key={c.classic}>
              <td>{c.classic}</td>
              <td>{c.modern}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
