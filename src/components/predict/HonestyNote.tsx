/**
 * Whether the image is like the answering model's training images: one sentence, and every measurement with its
 * value and the training images' threshold (open when the answer is doubted). The answer itself stays shown.
 */
import type { Honesty } from '../../predict/honesty';

export function HonestyNote({ h }: { h: Honesty }) {
  const unusual = h.checks.filter((c) => c.unusual).length;
  return (
    <div className={`honesty${h.flagged ? ' doubt' : ''}`} data-testid="honesty" data-flagged={h.flagged} data-kind={h.kind} role={h.flagged ? 'note' : undefined}>
      <p className="honesty-headline" data-testid="honesty-headline">
        {h.headline}
      </p>
      {h.checks.length > 0 && (
        <details open={h.flagged}>
          <summary>
            {unusual} of {h.checks.length} measurements unusual, against {h.against}
          </summary>
          <ul className="honesty-checks" data-testid="honesty-checks">
            {h.checks.map((c) => (
              <li key={c.id} className={c.unusual ? 'unusual' : ''} data-signal={c.id} data-unusual={c.unusual}>
                <span aria-hidden="true">{c.unusual ? '✗ ' : '✓ '}</span>
                <span className="visually-hidden">{c.unusual ? 'Unusual: ' : 'Usual: '}</span>
                {c.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
