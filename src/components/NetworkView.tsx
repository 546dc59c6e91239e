/** The open network: title, paper, layout note, input shape, summary table, totals, training memory, issues. */
import { useEffect, useRef } from 'react';
import { selectEntry, selectLoadError, selectModelId, useAppStore } from '../store';
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
  const titleRef = useRef<HTMLHeadingElement>(null);

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
          <div className="network-grid">
            <section className="layers" aria-label="Layers">
              <SummaryTable />
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
