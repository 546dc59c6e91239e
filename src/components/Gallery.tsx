/** The gallery: every zoo network as a card, grouped by family in the course's order. */
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, zooGallery } from '../store';
import { GalleryCard } from './GalleryCard';

/** Lists the zoo; `focusId` moves keyboard focus back to the card of the network the user just left. */
export function Gallery({ focusId }: { focusId?: string | null }) {
  const groups = useMemo(() => zooGallery(), []);

  useEffect(() => {
    if (focusId) document.getElementById(`card-link-${focusId}`)?.focus();
  }, [focusId]);

  // A visitor's first move is often to drop a picture: anywhere on the gallery it opens the Predict screen with it.
  const { setView, openPredictImage } = useAppStore(useShallow((s) => ({ setView: s.setView, openPredictImage: s.openPredictImage })));
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

  return (
    <section
      className={`gallery${over ? ' drop-over' : ''}`}
      aria-labelledby="gallery-title"
      data-testid="gallery"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (!f) return;
        e.preventDefault();
        setView('predict');
        void openPredictImage(f, f.name, 'file');
      }}
    >
      <p className="try-predict" data-testid="try-predict">
        <strong>Try one:</strong> drop an image anywhere on this page, or{' '}
        <a
          href="?view=predict"
          onClick={(e) => {
            e.preventDefault();
            setView('predict');
          }}
        >
          draw a digit or pick a sample
        </a>
        , and LeNet-5 or a small ResNet trained by ConvAtlas itself names it, in your browser.
      </p>
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
