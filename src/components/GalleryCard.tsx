/** One gallery card: name (a link covering the card), year, paper, what the network taught, its parameter count. */
import { memo } from 'react';
import { selectOpenModel, useAppStore, type GalleryItem } from '../store';
import { Count } from './Figures';
import { modelHref, isPlainClick } from './nav';
import { PaperCite } from './PaperCite';

/** A card for one zoo network; clicking anywhere on it (but the paper link) opens the network. */
export const GalleryCard = memo(function GalleryCard({ item }: { item: GalleryItem }) {
  const openModel = useAppStore(selectOpenModel);
  const { entry } = item;
  return (
    <article className="card" data-testid={`gallery-card-${entry.id}`}>
      <h3 className="card-title">
        <a
          id={`card-link-${entry.id}`}
          className="card-link"
          href={modelHref(entry.id)}
          onClick={(e) => {
            if (!isPlainClick(e)) return;
            e.preventDefault();
            openModel(entry.id);
          }}
        >
          {entry.name}
        </a>
      </h3>
      <p className="card-meta">
        <span>{entry.year}</span>
        <span aria-hidden="true"> · </span>
        <span>
          <Count value={item.trainableParams} testId={`gallery-params-${entry.id}`} className="figure" /> trainable
          parameters
        </span>
        {item.errorCount > 0 && <span className="badge badge-error"> {item.errorCount} errors</span>}
      </p>
      <p className="card-taught">{entry.taught}</p>
      <PaperCite paper={entry.paper} className="card-paper" />
    </article>
  );
});
