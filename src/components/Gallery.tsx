/** The gallery: every zoo network as a card, grouped by family in the course's order. */
import { useEffect, useMemo } from 'react';
import { zooGallery } from '../store';
import { GalleryCard } from './GalleryCard';

/** Lists the zoo; `focusId` moves keyboard focus back to the card of the network the user just left. */
export function Gallery({ focusId }: { focusId?: string | null }) {
  const groups = useMemo(() => zooGallery(), []);

  useEffect(() => {
    if (focusId) document.getElementById(`card-link-${focusId}`)?.focus();
  }, [focusId]);

  return (
    <section className="gallery" aria-labelledby="gallery-title" data-testid="gallery">
      <h1 id="gallery-title">Classic convolutional networks</h1>
      <p className="lede">
        Open a network to see every layer&rsquo;s output shape, parameters, multiply-accumulates and memory, computed
        from its definition in your browser. Parameter counts below are trainable parameters at the paper&rsquo;s input
        size.
      </p>
      {groups.map((g) => (
        <section key={g.family} className="family" aria-labelledby={`family-${slug(g.family)}`}>
          <h2 id={`family-${slug(g.family)}`}>{g.family}</h2>
          <ul className="cards" role="list">
            {g.items.map((item) => (
              <li key={item.entry.id}>
                <GalleryCard item={item} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
