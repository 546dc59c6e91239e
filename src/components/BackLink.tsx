/** The "Back to gallery" link: a real link to the page without ?model, handled in-app on a plain click. */
import type { ReactNode } from 'react';
import { selectOpenModel, useAppStore } from '../store';
import { galleryHref, isPlainClick } from './nav';

/** Link that closes the open network and shows the gallery. */
export function BackLink({
  children = '← Back to gallery',
  className,
  testId = 'back-to-gallery',
}: {
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  const openModel = useAppStore(selectOpenModel);
  return (
    <a
      className={className}
      href={galleryHref(window.location.pathname, window.location.search)}
      data-testid={testId}
      onClick={(e) => {
        if (!isPlainClick(e)) return;
        e.preventDefault();
        openModel(null);
      }}
    >
      {children}
    </a>
  );
}
