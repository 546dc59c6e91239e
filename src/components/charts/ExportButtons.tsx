/** "Download SVG" and "Download PNG" for one drawing; errors show beside the buttons, never as a crash. */
import { useState, type RefObject } from 'react';
import { downloadPng, downloadSvg, slug, type ExportOptions } from '../../viz/exportImage';

interface Props {
  svgRef: RefObject<SVGSVGElement | null>;
  /** Title drawn on the image (names the network). */
  title: string;
  /** Short name of the figure, used in file names and the buttons' accessible names. */
  what: string;
  testId: string;
  bounds?: ExportOptions['bounds'];
  resetTransform?: string;
  /** Runs just before the drawing is read (the diagram draws every node, not only those in view); `after` undoes it. */
  around?: { before(): void; after(): void };
}

/** Two buttons that save the referenced SVG as a file. */
export function ExportButtons({ svgRef, title, what, testId, bounds, resetTransform, around }: Props) {
  const [error, setError] = useState<string | null>(null);
  const opts = (): ExportOptions => ({ title, fileName: slug(title), ...(bounds ? { bounds } : {}), ...(resetTransform ? { resetTransform } : {}) });
  return (
    <span className="export-buttons">
      <button
        type="button"
        data-testid={`${testId}-svg`}
        aria-label={`Download the ${what} as SVG`}
        onClick={() => {
          if (!svgRef.current) return;
          setError(null);
          around?.before();
          try {
            downloadSvg(svgRef.current, opts());
          } finally {
            around?.after();
          }
        }}
      >
        SVG
      </button>
      <button
        type="button"
        data-testid={`${testId}-png`}
        aria-label={`Download the ${what} as PNG`}
        onClick={() => {
          if (!svgRef.current) return;
          setError(null);
          around?.before();
          downloadPng(svgRef.current, opts())
            .catch((e: unknown) => setError(`PNG failed: ${e instanceof Error ? e.message : String(e)}`))
            .finally(() => around?.after());
        }}
      >
        PNG
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
