/** My networks: start blank, fork a zoo network, import a file, and open, rename, duplicate or delete saved ones. */
import { useState } from 'react';
import { formatBytes, ZOO } from '../../models';
import {
  edits,
  selectCreateNetwork,
  selectDeleteSaved,
  selectDraftId,
  selectDuplicateSaved,
  selectImportText,
  selectLibrary,
  selectOpenSaved,
  selectRenameSaved,
  selectSelectLayer,
  selectSetNotice,
  useAppStore,
  type SavedMeta,
} from '../../store';

/** Largest file the import reads (a model.json topology is small; weights are separate files). */
const MAX_FILE_BYTES = 5_000_000;

export function Library() {
  const library = useAppStore(selectLibrary);
  const create = useAppStore(selectCreateNetwork);
  const importText = useAppStore(selectImportText);
  const setNotice = useAppStore(selectSetNotice);
  const select = useAppStore(selectSelectLayer);
  const [fork, setFork] = useState(ZOO[0]?.id ?? '');
  return (
    <section className="panel library" aria-labelledby="library-title" data-testid="library">
      <h2 id="library-title">My networks</h2>
      <div className="start">
        <button
          type="button"
          data-testid="new-blank"
          onClick={() => {
            void create(edits.starterSpec(), 'Started a new network: a 28x28x1 input, flatten and a 10-way softmax output. The input is selected: layers from the palette go after it.');
            select('input');
          }}
        >
          New network
        </button>
        <div className="fork">
          <label htmlFor="fork-select">Fork a classic</label>
          <select id="fork-select" value={fork} data-testid="fork-select" onChange={(e) => setFork(e.target.value)}>
            {ZOO.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            data-testid="fork-button"
            onClick={() => {
              const z = ZOO.find((e) => e.id === fork);
              if (z) void create({ ...z.build(), name: `${z.name} (fork)` }, `Forked ${z.name}: edit it freely, the original stays in the gallery.`);
            }}
          >
            Fork
          </button>
        </div>
        <label className="import">
          Import a network (.json spec or Keras/TF.js model.json)
          <input
            type="file"
            accept=".json,application/json"
            data-testid="import-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              if (file.size > MAX_FILE_BYTES) {
                setNotice({ kind: 'error', text: `Could not import '${file.name.slice(0, 80)}': it is ${formatBytes(file.size)}, over the ${formatBytes(MAX_FILE_BYTES)} a network file may be (weights are not needed; pick the model.json).` });
                return;
              }
              await importText(await file.text(), file.name);
            }}
          />
        </label>
      </div>
      {library.length === 0 ? (
        <p className="muted">Nothing saved yet. Networks you build are saved in this browser as you go.</p>
      ) : (
        <ul className="saved-list" data-testid="saved-list">
          {library.map((m) => (
            <SavedItem key={m.id} meta={m} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SavedItem({ meta }: { meta: SavedMeta }) {
  const openId = useAppStore(selectDraftId);
  const open = useAppStore(selectOpenSaved);
  const rename = useAppStore(selectRenameSaved);
  const duplicate = useAppStore(selectDuplicateSaved);
  const del = useAppStore(selectDeleteSaved);
  const [renaming, setRenaming] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const current = openId === meta.id;
  return (
    <li className={current ? 'current' : undefined} data-testid="saved-item" data-name={meta.name}>
      {renaming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const v = new FormData(e.currentTarget).get('name');
            void rename(meta.id, typeof v === 'string' ? v : meta.name);
            setRenaming(false);
          }}
        >
          <input name="name" aria-label="new name" defaultValue={meta.name} autoFocus data-testid="rename-input" />
          <button type="submit" className="mini">
            Save
          </button>
          <button type="button" className="mini" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="saved-open" aria-current={current || undefined} data-testid="saved-open" onClick={() => void open(meta.id)}>
          <span className="saved-name">{meta.name}</span>
          <span className="muted">
            {' '}
            {meta.layers} layer{meta.layers === 1 ? '' : 's'}
          </span>
        </button>
      )}
      <span className="saved-actions">
        <button type="button" className="mini" data-testid="saved-rename" onClick={() => setRenaming(true)}>
          Rename
        </button>
        <button type="button" className="mini" data-testid="saved-duplicate" onClick={() => void duplicate(meta.id)}>
          Duplicate
        </button>
        {confirm ? (
          <button type="button" className="mini danger" data-testid="saved-delete-confirm" onClick={() => void del(meta.id)} onBlur={() => setConfirm(false)}>
            Really delete?
          </button>
        ) : (
          <button type="button" className="mini" data-testid="saved-delete" onClick={() => setConfirm(true)}>
            Delete
          </button>
        )}
      </span>
    </li>
  );
}
