/**
 * The open network: title and paper, then the diagram first (what a teacher projects), then the notes, the charts,
 * the summary table, totals, training memory and issues, with jump links to each.
 */
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

const JUMPS = [
  ['network-notes', 'Notes'],
  ['network-charts', 'Charts'],
  ['network-layers', 'Layer table'],
  ['network-totals', 'Totals'],
] as const;

/** Links to the page's parts below the diagram; they scroll there and move focus, leaving the URL alone. */
function JumpLinks() {
  return (
    <nav className="jump-links" aria-label="On this page">
      {JUMPS.map(([id, label]) => (
        <button
          key={id}
          type="button"
          className="link-button"
          data-testid={`jump-${id}`}
          onClick={() => {
            const el = document.getElementById(id);
            el?.scrollIntoView({ block: 'start' });
            el?.focus({ preventScroll: true });
          }}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

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
      </header>
      {loadError ? (
        <p className="crash" role="alert">
          {loadError}
        </p>
      ) : (
        <>
          <div className="toolbar">
            <ShapeInput key={modelId} />
            <JumpLinks />
            <CopySummary />
          </div>
          {analysis && (
            <section className="viz-section diagram-first" aria-labelledby="diagram-title">
              <h2 id="diagram-title" className="visually-hidden">
                Architecture
              </h2>
              <ArchitectureDiagram key={modelId} analysis={analysis} spec={spec} title={entry.name} reveal={reveal} height="max(340px, min(640px, calc(100vh - 330px)))" />
            </section>
          )}
          <section className="about" id="network-notes" tabIndex={-1} aria-label="About this network">
            <p className="taught">{entry.taught}</p>
            {entry.layoutNote && (
              <p className="layout-note" data-testid="layout-note">
                <strong>Layout: </strong>
                {entry.layoutNote}
              </p>
            )}
            <NotesPanel entry={entry} analysis={analysis} />
          </section>
          {analysis && (
            <section className="viz-section" id="network-charts" tabIndex={-1} aria-labelledby="charts-title">
              <h2 id="charts-title">Where the parameters are, where the memory is</h2>
              <LayerCharts analysis={analysis} name={entry.name} />
            </section>
          )}
          <div className="network-grid">
            <section className="layers" id="network-layers" tabIndex={-1} aria-label="Layers">
              <SummaryTable onShowInDiagram={showInDiagram} />
            </section>
            <div className="side" id="network-totals" tabIndex={-1}>
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
