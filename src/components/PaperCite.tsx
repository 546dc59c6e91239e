/** A paper reference: authors, linked title, venue and year. */
import type { Paper } from '../models';

/** Cites a network's paper; the title links to it and opens in a new tab. */
export function PaperCite({ paper, className }: { paper: Paper; className?: string }) {
  return (
    <p className={['paper', className].filter(Boolean).join(' ')}>
      {paper.authors},{' '}
      <cite>
        <a href={paper.url} target="_blank" rel="noreferrer">
          {paper.title}
        </a>
      </cite>
      , {paper.venue}, {paper.year}.
    </p>
  );
}
