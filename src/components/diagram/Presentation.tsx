/**
 * Presentation mode of the diagram: the diagram fills the screen (the Fullscreen API where the browser grants it, a
 * fixed overlay where not), chrome hides, large text, and the arrow keys step through the layers.
 */
import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { PlacedNode } from '../../viz/diagramLayout';

/** Whether the diagram presents, and how to start and stop. */
export interface Presentation {
  on: boolean;
  enter(): void;
  exit(): void;
}

/** Presentation state of the element in `ref`; leaving full screen (Esc, F11) leaves presentation too. */
export function usePresentation(ref: RefObject<HTMLElement | null>): Presentation {
  const [on, setOn] = useState(false);
  const enter = useCallback(() => {
    setOn(true);
    // Full screen is a bonus: where it is refused (an iframe, a headless browser) the overlay still fills the window.
    ref.current?.requestFullscreen?.().catch(() => undefined);
  }, [ref]);
  const exit = useCallback(() => {
    setOn(false);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!on) return;
    let wasFull = false;
    const onChange = () => {
      if (document.fullscreenElement) wasFull = true;
      else if (wasFull) setOn(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [on]);
  return { on, enter, exit };
}

interface BarProps {
  /** Position of the current layer among the drawn nodes; -1 before the first step. */
  index: number;
  count: number;
  node: PlacedNode | null;
  onStep(delta: number | 'first' | 'last'): void;
  onExit(): void;
  testId: string;
}

/** The bar across the top while presenting: where we are, the current layer in words, previous/next and exit. */
export function PresentBar({ index, count, node, onStep, onExit, testId }: BarProps) {
  return (
    <div className="present-bar" data-testid={`${testId}-present-bar`}>
      <button type="button" onClick={() => onStep(-1)} disabled={index <= 0} aria-label="Previous layer">
        ←
      </button>
      <button type="button" onClick={() => onStep(1)} disabled={index >= count - 1} aria-label="Next layer">
        →
      </button>
      <span className="present-step" data-testid={`${testId}-present-step`} aria-live="polite">
        {node ? (
          <>
            <strong>{node.title}</strong> {node.subtitle}
            {node.detail ? ` · ${node.detail}` : ''}
            <span className="present-count">
              {' '}
              ({index + 1} of {count})
            </span>
          </>
        ) : (
          `${count} nodes: press → to step through them`
        )}
      </span>
      <button type="button" className="present-exit" onClick={onExit} data-testid={`${testId}-present-exit`}>
        Exit (Esc)
      </button>
    </div>
  );
}
