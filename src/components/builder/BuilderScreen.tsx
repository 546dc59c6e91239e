/**
 * The builder screen: my networks, the palette, the editable layer table with live shapes and errors, totals,
 * issues and exports. Keyboard shortcuts go through the action registry, like every button here.
 */
import { useDeferredValue, useEffect } from 'react';
import {
  actionForKey,
  selectBuilderCommands,
  selectBuilderReady,
  selectCanRedo,
  selectCanUndo,
  selectDraftAnalysis,
  selectDraftId,
  selectDraftName,
  selectDraftSpec,
  selectBuilderEdit,
  selectNotice,
  selectRedoLabel,
  selectSaveState,
  selectCanTrainDraft,
  selectSetNotice,
  selectStartBuilder,
  selectUndoLabel,
  useAppStore,
} from '../../store';
import { ArchitectureDiagram } from '../diagram/ArchitectureDiagram';
import { BuilderIssues, BuilderTotals } from './BuilderSide';
import { ExportPanel } from './ExportPanel';
import { LayerTable } from './LayerTable';
import { Library } from './Library';
import { Palette } from './Palette';

function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'file'].includes((t as HTMLInputElement).type));
}

/** The builder; lazy-loaded as the 'build' screen. */
export default function BuilderScreen() {
  const ready = useAppStore(selectBuilderReady);
  const start = useAppStore(selectStartBuilder);
  const name = useAppStore(selectDraftName);
  const run = useAppStore(selectBuilderCommands);

  useEffect(() => {
    if (!ready) void start(null);
  }, [ready, start]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = actionForKey(e, isTextField(e.target));
      if (!a) return;
      if (run(a.id) || a.inFields) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [run]);

  return (
    <article className="builder" aria-labelledby="builder-title" data-testid="builder">
      <header className="builder-head">
        <h1 id="builder-title">Build a network</h1>
        <Notice />
      </header>
      <div className="builder-grid">
        <div className="builder-left">
          <Library />
          {name !== null && <Palette />}
        </div>
        <div className="builder-main">
          {name === null ? (
            <p className="empty" data-testid="builder-empty">
              {ready ? 'Start a new network, fork a classic, import a file, or open one of your saved networks.' : 'Opening your saved networks...'}
            </p>
          ) : (
            <>
              <Toolbar />
              <LayerTable />
              <BuilderDiagram />
            </>
          )}
        </div>
        {name !== null && (
          <div className="builder-side">
            <BuilderTotals />
            <BuilderIssues />
            <ExportPanel />
          </div>
        )}
      </div>
      <datalist id="padding-options">
        <option value="valid" />
        <option value="same" />
      </datalist>
    </article>
  );
}

/** The network being built, drawn live: every edit re-lays the diagram; expansion and zoom survive edits. */
function BuilderDiagram() {
  const id = useAppStore(selectDraftId);
  // The diagram follows an edit at a lower priority than the table: the edited row paints first, the diagram's
  // relayout (a few tens of ms at ResNet-152) comes in a deferred render React may interrupt for the next keystroke.
  const analysis = useDeferredValue(useAppStore(selectDraftAnalysis));
  const spec = useDeferredValue(useAppStore(selectDraftSpec));
  const name = useAppStore(selectDraftName);
  if (!id || !analysis) return null;
  return (
    <section className="panel builder-diagram" aria-labelledby="bdiagram-title">
      <h2 id="bdiagram-title">Diagram</h2>
      <ArchitectureDiagram key={id} analysis={analysis} spec={spec} title={name ?? undefined} height={440} testId="builder-diagram" />
    </section>
  );
}

function Toolbar() {
  const name = useAppStore(selectDraftName) ?? '';
  const edit = useAppStore(selectBuilderEdit);
  const run = useAppStore(selectBuilderCommands);
  const canUndo = useAppStore(selectCanUndo);
  const canRedo = useAppStore(selectCanRedo);
  const undoLabel = useAppStore(selectUndoLabel);
  const redoLabel = useAppStore(selectRedoLabel);
  const saveState = useAppStore(selectSaveState);
  const canTrain = useAppStore(selectCanTrainDraft);
  return (
    <div className="toolbar builder-toolbar">
      <label className="field">
        <span className="field-label">Name</span>
        <input
          value={name}
          size={Math.min(40, Math.max(12, name.length + 2))}
          data-testid="builder-name"
          onChange={(e) => edit({ id: 'rename-network', name: e.target.value })}
        />
      </label>
      <button type="button" data-testid="undo" disabled={!canUndo} title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'} onClick={() => run('undo')}>
        Undo
      </button>
      <button type="button" data-testid="redo" disabled={!canRedo} title={redoLabel ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'} onClick={() => run('redo')}>
        Redo
      </button>
      <button type="button" data-testid="train-this" disabled={!canTrain} title={canTrain ? 'Train this network on the Train screen (Ctrl+Enter)' : 'Fix the errors first: a network with errors cannot train'} onClick={() => run('train')}>
        Train this
      </button>
      <span className={`save-state save-${saveState}`} data-testid="save-status" data-state={saveState} role="status">
        {saveState === 'saved' ? 'Saved in this browser' : saveState === 'saving' ? 'Saving...' : 'Not saved'}
      </span>
    </div>
  );
}

function Notice() {
  const notice = useAppStore(selectNotice);
  const setNotice = useAppStore(selectSetNotice);
  return (
    <div className="notice-slot" aria-live="polite">
      {notice && (
        <p className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="builder-notice" data-kind={notice.kind}>
          {notice.text}{' '}
          <button type="button" className="mini" aria-label="dismiss message" onClick={() => setNotice(null)}>
            ✕
          </button>
        </p>
      )}
    </div>
  );
}
