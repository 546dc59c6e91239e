/**
 * Draw a digit: a 280 x 280 canvas (pointer, touch or pen), black ink on white like a pen on paper. The drawing is
 * handed on while drawing (at most every 150 ms) and when the stroke ends; Clear starts again.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { RgbaImage } from '../../predict/image';
import '../../styles/drawpad.css';

const SIZE = 280;

/** The pad: `onImage` gets the drawing (null when cleared); changing `clearKey` clears it from outside. */
export function DrawPad({ onImage, clearKey = 0, label = 'Drawing area: draw a digit with the mouse, a pen or a finger', testId = 'draw-canvas' }: { onImage(img: RgbaImage | null): void; clearKey?: number; label?: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const lastSent = useRef(0);
  const inked = useRef(false);

  const clear = useCallback(() => {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    inked.current = false;
  }, []);
  useEffect(clear, [clear, clearKey]);

  const send = useCallback(() => {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx || !inked.current) return;
    lastSent.current = performance.now();
    onImage({ width: SIZE, height: SIZE, data: ctx.getImageData(0, 0, SIZE, SIZE).data });
  }, [onImage]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIZE) / r.width, y: ((e.clientY - r.top) * SIZE) / r.height };
  };
  const stroke = (to: { x: number; y: number }) => {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 20;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    last.current = to;
    inked.current = true;
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={ref}
        width={SIZE}
        height={SIZE}
        data-testid={testId}
        aria-label={label}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          drawing.current = true;
          last.current = null;
          stroke(point(e));
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          stroke(point(e));
          if (performance.now() - lastSent.current > 150) send();
        }}
        onPointerUp={() => {
          drawing.current = false;
          last.current = null;
          send();
        }}
        onPointerCancel={() => {
          drawing.current = false;
          last.current = null;
        }}
      />
      <button
        type="button"
        onClick={() => {
          clear();
          onImage(null);
        }}
      >
        Clear
      </button>
    </div>
  );
}
