/**
 * The camera as an image source (getUserMedia): a preview, and frames handed on when the user snaps one or, live,
 * every half second. A browser without a camera, or a refusal, gets a sentence saying so and what to use instead.
 * The camera is stopped when the component goes (or leaves before the camera answered).
 */
import { useEffect, useRef, useState } from 'react';
import type { RgbaImage } from '../../predict/image';

/** Frames handed on in live mode, in ms. */
const LIVE_MS = 500;

/** Why the camera cannot be used, in a sentence, from getUserMedia's error. */
export function cameraProblem(e: unknown): string {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'The camera was refused. Allow it in the browser’s site settings, or draw and drop files instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found on this device. Draw on the pad or drop image files instead.';
  return `The camera could not start (${e instanceof Error ? e.message : String(e)}). Draw on the pad or drop image files instead.`;
}

/**
 * `snapLabel` names the snap button; with `live`, frames go to `onFrame` while the camera runs, the next one only
 * once the promise `onFrame` returned for the last has settled (an answer slower than LIVE_MS is not piled up).
 */
export function CameraInput({ snapLabel = 'Snap', onFrame, live = false }: { snapLabel?: string; onFrame(img: RgbaImage): void | Promise<unknown>; live?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);
  useEffect(() => () => stream?.getTracks().forEach((t) => t.stop()), [stream]);
  const grab = (): void | Promise<unknown> => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const c = (canvas.current ??= document.createElement('canvas'));
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(v, 0, 0);
    return onFrame({ width: c.width, height: c.height, data: ctx.getImageData(0, 0, c.width, c.height).data });
  };
  const grabRef = useRef(grab);
  useEffect(() => {
    grabRef.current = grab;
  });
  useEffect(() => {
    if (!live || !stream) return;
    let pending = false;
    const t = setInterval(() => {
      if (pending) return;
      const p = grabRef.current();
      if (!p) return;
      pending = true;
      void p.finally(() => (pending = false));
    }, LIVE_MS);
    return () => clearInterval(t);
  }, [live, stream]);
  const start = async () => {
    setProblem(null);
    if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
      setProblem('This browser offers no camera here (it needs a secure page, https or localhost, and a camera). Draw on the pad or drop image files instead.');
      return;
    }
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
      // Left before the camera answered: turn it off again.
      if (!mounted.current) return s.getTracks().forEach((t) => t.stop());
      // A camera unplugged or a permission revoked ends the track: say so rather than show a frozen frame.
      for (const track of s.getVideoTracks())
        track.addEventListener('ended', () => {
          if (!mounted.current) return;
          setStream(null);
          setProblem('The camera stopped (unplugged, or its permission withdrawn). Start it again, or draw and drop files instead.');
        });
      setStream(s);
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play().catch(() => undefined);
      }
    } catch (e) {
      setProblem(cameraProblem(e));
    }
  };
  return (
    <div className="camera-input">
      <video ref={video} muted playsInline hidden={!stream} width={160} height={120} aria-label="Camera preview" />
      {stream ? (
        <p>
          {!live && (
            <button type="button" data-testid="camera-snap" onClick={grab}>
              {snapLabel}
            </button>
          )}{' '}
          {live && <span className="muted">Answering a frame every {LIVE_MS} ms. </span>}
          <button type="button" className="mini" onClick={() => setStream(null)}>
            Stop the camera
          </button>
        </p>
      ) : (
        <button type="button" data-testid="camera-start" onClick={() => void start()}>
          Use the camera
        </button>
      )}
      {problem && (
        <p className="notice" role="alert" data-testid="camera-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
