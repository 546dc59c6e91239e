/**
 * Where the image comes from: drop it anywhere on the zone, paste it (Ctrl+V anywhere on the screen), pick a file,
 * click a sample, draw, or hold something up to the camera (answered live). A rejected file leaves the current image and answer as they were, with the message.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { OWN_CLASSES_ID } from '../views';
import { appUrl, useAppStore } from '../../store';
import { CameraInput } from './CameraInput';
import { DrawPad } from './DrawPad';

export function ImagePicker() {
  const { openPredictImage, openSample, setDrawing, setView } = useAppStore(useShallow((s) => ({ openPredictImage: s.openPredictImage, openSample: s.openSample, setDrawing: s.setDrawing, setView: s.setView })));
  const { samples, samplesError, imageStatus, imageError } = useAppStore(
    useShallow((s) => ({ samples: s.predict.samples, samplesError: s.predict.samplesError, imageStatus: s.predict.imageStatus, imageError: s.predict.imageError })),
  );
  const [over, setOver] = useState(false);
  const [tab, setTab] = useState<'image' | 'draw' | 'camera'>('image');

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const f = [...(e.clipboardData?.files ?? [])][0];
      if (!f) return;
      e.preventDefault();
      setTab('image');
      void openPredictImage(f, f.name || 'pasted image', 'paste');
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [openPredictImage]);

  const groups = [
    { id: 'mnist', title: 'MNIST digits', fits: 'The MNIST models know these.' },
    { id: 'fashion', title: 'Fashion-MNIST', fits: 'The Fashion-MNIST models know these.' },
    {
      id: 'photo',
      title: 'Photos (scikit-image)',
      fits: "None of the shipped models knows these: they know digits and clothing. The photos are here to show what an honest “I don't know” looks like; the horse, a silhouette on white, passes for a drawn shape.",
    },
  ] as const;
  /** To the Transfer screen's own-classes panel, focused once its lazily loaded screen has rendered it. */
  const teach = () => {
    setView('transfer');
    const until = performance.now() + 10_000;
    const focus = () => {
      const el = document.getElementById(OWN_CLASSES_ID);
      if (el) el.focus();
      else if (performance.now() < until) requestAnimationFrame(focus);
    };
    requestAnimationFrame(focus);
  };

  return (
    <section className="panel" aria-labelledby="predict-image-h">
      <h2 id="predict-image-h">Image</h2>
      <div className="tabs" role="tablist" aria-label="Image source">
        <button type="button" role="tab" aria-selected={tab === 'image'} onClick={() => setTab('image')}>
          Drop, paste or pick
        </button>
        <button type="button" role="tab" aria-selected={tab === 'draw'} onClick={() => setTab('draw')}>
          Draw a digit
        </button>
        <button type="button" role="tab" aria-selected={tab === 'camera'} onClick={() => setTab('camera')}>
          Camera
        </button>
      </div>
      {tab === 'draw' ? (
        <DrawPad onImage={(img) => void setDrawing(img)} />
      ) : tab === 'camera' ? (
        <CameraInput live onFrame={(img) => setDrawing(img, 'camera')} />
      ) : (
        <>
          <div
            className={`drop-zone${over ? ' over' : ''}`}
            data-testid="drop-zone"
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes('Files')) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              setOver(false);
              const f = e.dataTransfer.files[0];
              if (!f) return;
              e.preventDefault();
              void openPredictImage(f, f.name, 'file');
            }}
          >
            <p>Drop an image here, paste one (Ctrl+V), or</p>
            <label className="file-button">
              <span>Choose a file…</span>
              <input
                type="file"
                accept="image/*"
                data-testid="image-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void openPredictImage(f, f.name, 'file');
                }}
              />
            </label>
            {imageStatus === 'decoding' && <p role="status">Reading the image…</p>}
          </div>
          {imageError && (
            <p className="notice error" role="alert" data-testid="image-error">
              {imageError}
            </p>
          )}
          {samplesError && <p className="notice error">{samplesError}</p>}
          {samples &&
            groups.map((g) => {
              const list = samples.filter((s) => s.group === g.id);
              if (list.length === 0) return null;
              return (
                <div key={g.id} className="sample-row" data-testid={`samples-${g.id}`}>
                  <div className="model-group-name">{g.title}</div>
                  <p className="sample-fits" data-testid="sample-fits">
                    {g.fits}
                    {g.id === 'photo' && (
                      <>
                        {' '}
                        <button type="button" className="link-button" data-testid="teach-own-classes" onClick={teach}>
                          Teach a network your own classes
                        </button>
                      </>
                    )}
                  </p>
                  <div className="sample-thumbs">
                    {list.map((s) => (
                      <button key={s.file} type="button" className="sample-thumb" title={`${s.title}. ${s.credit}`} aria-label={`Sample: ${s.title}`} data-sample={s.file} onClick={() => void openSample(s)}>
                        <img src={appUrl(`sample-images/${s.file}`)} alt="" loading="lazy" />
                      </button>
                    ))}
                  </div>
                </div>
              );
            })}
        </>
      )}
    </section>
  );
}
