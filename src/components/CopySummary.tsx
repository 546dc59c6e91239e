/** "Copy as text": the torchinfo-style summary to the clipboard, or shown for manual copying when that fails. */
import { useState } from 'react';
import { summaryText, type NetworkAnalysis } from '../models';
import { selectAnalysis, useAppStore } from '../store';
import { copyText } from './clipboard';

type CopyState =
  | { kind: 'idle' }
  | { kind: 'copied'; of: NetworkAnalysis }
  | { kind: 'fallback'; of: NetworkAnalysis; text: string };

/** Button copying summaryText(analysis); "Copied" lasts until the analysis changes. */
export function CopySummary() {
  const analysis = useAppStore(selectAnalysis);
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  if (!analysis) return null;
  const current = state.kind !== 'idle' && state.of === analysis ? state : null;

  const onCopy = async () => {
    const text = summaryText(analysis);
    const ok = await copyText(text, typeof navigator === 'undefined' ? undefined : navigator.clipboard);
    setState(ok ? { kind: 'copied', of: analysis } : { kind: 'fallback', of: analysis, text });
  };

  return (
    <div className="copy-summary">
      <button type="button" data-testid="copy-summary" onClick={() => void onCopy()}>
        Copy as text
      </button>
      <span className="copy-status" role="status" data-testid="copy-status">
        {current?.kind === 'copied' ? 'Copied' : ''}
      </span>
      {current?.kind === 'fallback' && (
        <div className="copy-fallback">
          <label htmlFor="summary-text">The clipboard is not available here; select the summary and copy it yourself:</label>
          <textarea
            id="summary-text"
            data-testid="summary-text"
            readOnly
            rows={12}
            value={current.text}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
    </div>
  );
}
