/**
 * The service worker's two messages: the app is ready to work offline (once, after the first visit has cached it),
 * and a new version is deployed (it takes over only when the user reloads through this prompt, so one page never
 * runs a mix of old and new files).
 */
import { useEffect } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { selectTrainBusy, useAppStore } from '../store';

/** How long "works offline" stays up: it is news, not a question. */
const OFFLINE_NOTE_MS = 8000;

/** A small banner at the bottom of the page; nothing while there is nothing to say. */
export function UpdatePrompt() {
  const {
    offlineReady: [offlineReady, setOfflineReady],
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  // Reloading ends a run in progress (and every open tab reloads): not while one trains.
  const busy = useAppStore(selectTrainBusy);
  useEffect(() => {
    if (!offlineReady) return;
    const t = setTimeout(() => setOfflineReady(false), OFFLINE_NOTE_MS);
    return () => clearTimeout(t);
  }, [offlineReady, setOfflineReady]);
  if (!offlineReady && !needRefresh) return null;
  return (
    <div className="update-prompt" role="status" data-testid={needRefresh ? 'update-ready' : 'offline-ready'}>
      {needRefresh ? <span>A new version of ConvAtlas is ready.</span> : <span>ConvAtlas now works offline: the app, the shipped models and the samples are saved in this browser.</span>}
      {needRefresh && (
        <button type="button" disabled={busy} title={busy ? 'A run is training: reload when it ends (or stop it first)' : 'Reloads every open ConvAtlas tab'} onClick={() => void updateServiceWorker(true)}>
          {busy ? 'Reload when training ends' : 'Reload to update'}
        </button>
      )}
      <button
        type="button"
        className="linkish"
        onClick={() => {
          setOfflineReady(false);
          setNeedRefresh(false);
        }}
      >
        {needRefresh ? 'Later' : 'OK'}
      </button>
    </div>
  );
}
