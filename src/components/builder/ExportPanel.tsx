/**
 * Taking the network elsewhere: JSON (the versioned spec), PyTorch and Keras code (previewed here, with the
 * parameter count they must reproduce), the TF.js model files, and a share link.
 */
import { useEffect, useRef, useState } from 'react';
import { formatBytes, type NetworkSpec } from '../../models';
import { toKeras } from '../../models/export/keras';
import { fileBase, toPyTorch } from '../../models/export/pytorch';
import { specToJson } from '../../models/schema';
import { encodeShareHash } from '../../models/share';
import { selectDraftAnalysis, selectDraftSpec, selectSetNotice, shareUrlFor, useAppStore } from '../../store';
import { copyText } from '../clipboard';
import { download } from './download';

type Preview = { title: string; fileName: string; text: string } | null;

/**
 * The generated code in a modal dialog as wide as the screen allows (a sidebar is too narrow to read a module in):
 * the browser's own <dialog> keeps focus inside, Escape or Close returns it to the button that opened it.
 */
function CodeDialog({ preview, onClose }: { preview: NonNullable<Preview>; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const lines = preview.text.split('\n').length;
  return (
    <dialog ref={ref} className="code-dialog" aria-labelledby="code-title" data-testid="code-dialog" onClose={onClose}>
      <div className="code-head">
        <strong id="code-title">{preview.title}</strong> <span className="muted">{preview.fileName}, {lines.toLocaleString('en-US')} lines</span>
        <span className="code-actions">
          <button type="button" className="mini" data-testid="code-download" onClick={() => download(preview.fileName, preview.text, 'text/x-python')}>
            Download
          </button>
          <button type="button" className="mini" onClick={() => void copyText(preview.text, navigator.clipboard)}>
            Copy
          </button>
          <button type="button" className="mini" data-testid="code-close" onClick={() => ref.current?.close()}>
            Close
          </button>
        </span>
      </div>
      <pre data-testid="code-preview" tabIndex={0}>
        {preview.text}
      </pre>
    </dialog>
  );
}

/** Export buttons and the code preview. */
export function ExportPanel() {
  const spec = useAppStore(selectDraftSpec);
  const analysis = useAppStore(selectDraftAnalysis);
  const setNotice = useAppStore(selectSetNotice);
  const [preview, setPreview] = useState<Preview>(null);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  if (!spec || !analysis) return null;
  const code = (kind: 'pytorch' | 'keras') => {
    const r = kind === 'pytorch' ? toPyTorch(spec, analysis) : toKeras(spec, analysis);
    if (!r.ok) return setNotice({ kind: 'error', text: r.error });
    setPreview({ title: kind === 'pytorch' ? 'PyTorch (nn.Module)' : 'Keras (functional API)', fileName: r.fileName, text: r.code });
  };
  const tfjs = async (s: NetworkSpec) => {
    if (analysis.errorCount > 0) return setNotice({ kind: 'error', text: `Fix the network's ${analysis.errorCount} error(s) before exporting the TF.js model.` });
    setBusy(true);
    try {
      const { exportTfjs } = await import('../../models/tfjs/export');
      const base = fileBase(s.name);
      const r = await exportTfjs(s, base);
      download(`${base}.model.json`, r.modelJson, 'application/json');
      download(r.weightsFileName, r.weights);
      setNotice({ kind: 'info', text: `Exported the TF.js model: ${base}.model.json and ${r.weightsFileName} (${formatBytes(r.weights.byteLength)}, ${r.params.toLocaleString('en-US')} parameters, untrained).` });
    } catch (e) {
      setNotice({ kind: 'error', text: `TF.js export failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel export" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">Export and share</h2>
      <div className="export-buttons">
        <button type="button" data-testid="export-json" onClick={() => download(`${fileBase(spec.name)}.convatlas.json`, specToJson(spec), 'application/json')}>
          JSON spec
        </button>
        <button type="button" data-testid="export-pytorch" onClick={() => code('pytorch')}>
          PyTorch code
        </button>
        <button type="button" data-testid="export-keras" onClick={() => code('keras')}>
          Keras code
        </button>
        <button type="button" data-testid="export-tfjs" disabled={busy} onClick={() => void tfjs(spec)}>
          {busy ? 'Building TF.js model...' : 'TF.js model'}
        </button>
        <button
          type="button"
          data-testid="share-link"
          onClick={async () => {
            const r = encodeShareHash(spec);
            if (!r.ok) {
              setLink(null);
              return setNotice({ kind: 'error', text: r.error });
            }
            const url = shareUrlFor(r.hash, window);
            setLink(url);
            const copied = await copyText(url, navigator.clipboard);
            setNotice({ kind: 'info', text: copied ? `Link copied (${r.chars.toLocaleString('en-US')} characters). Anyone who opens it gets a copy of this network.` : 'Copy the link below.' });
          }}
        >
          Share link
        </button>
      </div>
      {link && (
        <label className="share-url">
          Link
          <input readOnly value={link} data-testid="share-url" onFocus={(e) => e.target.select()} />
        </label>
      )}
      {preview && <CodeDialog preview={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}
