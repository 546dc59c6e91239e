/** The open network: title, paper, layout note, input shape, summary table, totals, training memory, issues. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { selectAnalysis, selectEntry, selectLoadError, selectModelId, selectSpec, useAppStore } from '../store';
import { LayerCharts } from './charts/LayerCharts';
import { ArchitectureDiagram } from './diagram/ArchitectureDiagram';
import { NotesPanel } from './lessons/NotesPanel';
import { BackLink } from './BackLink';
import { CopySummary } from './CopySummary';
import { IssueList } from './IssueList';
import { PaperCite } from './PaperCite';
import { ShapeInput } from './ShapeInput';
import { SummaryTable } from './SummaryTable';
import { TotalsPanel } from './TotalsPanel';
import { TrainingMemoryPanel } from './TrainingMemoryPanel';

/** Shows the open network; focus moves to its title when it opens so keyboard and screen-reader users follow. */
export function NetworkView() {
  const entry = useAppStore(selectEntry);
  const modelId = useAppStore(selectModelId);
  const loadError = useAppStore(selectLoadError);
  const analysis = useAppStore(selectAnalysis);
  const spec = useAppStore(selectSpec);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [reveal, setReveal] = useState<{ id: string; seq: number } | null>(null);
  const showInDiagram = useCallback((id: string) => setReveal((r) => ({ id, seq: (r?.seq ?? 0) + 1 })), []);

  useEffect(() => {
    titleRef.current?.focus();
  }, [modelId]);

  if (!entry) return null;
  return (
    <article className="network" aria-labelledby="network-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <BackLink />
      </nav>
      <header className="network-head">
        <h1 id="network-title" data-testid="network-title" tabIndex={-1} ref={titleRef}>
          {entry.name} <span className="year">{entry.year}</span>
        </h1>
        <PaperCite paper={entry.paper} />
        <p className="taught">{entry.taught}</p>
        {entry.layoutNote && (
          <p className="layout-note" data-testid="layout-note">
            <strong>Layout: </strong>
            {entry.layoutNote}
          </p>
        )}
      </header>
      {loadError ? (
        <p className="crash" role="alert">
          {loadError}
        </p>
      ) : (
        <>
          <div className="toolbar">
            <ShapeInput key={modelId} />
            <CopySummary />
          </div>
          <NotesPanel entry={entry} analysis={analysis} />
          {analysis && (
            <section className="viz-section" aria-labelledby="diagram-title">
              <h2 id="diagram-title">Architecture</h2>
              <ArchitectureDiagram key={modelId} analysis={analysis} spec={spec} title={entry.name} reveal={reveal} />
            </section>
          )}
          {analysis && (
            <section className="viz-section" aria-labelledby="charts-title">
              <h2 id="charts-title">Where the parameters are, where the memory is</h2>
              <LayerCharts analysis={analysis} name={entry.name} />
            </section>
          )}
          <div className="network-grid">
            <section className="layers" aria-label="Layers">
              <SummaryTable onShowInDiagram={showInDiagram} />
            </section>
            <div className="side">
              <TotalsPanel />
              <TrainingMemoryPanel />
              <IssueList />
            </div>
          </div>
        </>
      )}
    </article>
  );
}
