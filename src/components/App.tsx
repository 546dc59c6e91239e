/** The app shell: header, then either the gallery (with an unknown-id message) or the open network. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectEntry, selectPreviousModelId, selectScreen, useAppStore } from '../store';
import { BackLink } from './BackLink';
import { ErrorBoundary } from './ErrorBoundary';
import { Gallery } from './Gallery';
import { NetworkView } from './NetworkView';

/** Top-level component; which screen shows is store state (kept in step with ?model= by syncWithUrl). */
export function App() {
  const { screen, modelId, unknownModelId } = useAppStore(useShallow(selectScreen));
  const entry = useAppStore(selectEntry);
  const previousModelId = useAppStore(selectPreviousModelId);

  useEffect(() => {
    document.title = entry ? `${entry.name} · ConvAtlas` : 'ConvAtlas · classic convolutional networks';
  }, [entry]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <BackLink className="brand" testId="brand">
          ConvAtlas
        </BackLink>
        <span className="tagline">Shapes, parameters, MACs and memory of convolutional networks, layer by layer</span>
      </header>
      <main id="main" tabIndex={-1}>
        {screen === 'network' ? (
          <ErrorBoundary key={modelId} what="this network" actions={<BackLink />}>
            <NetworkView />
          </ErrorBoundary>
        ) : (
          <>
            {unknownModelId !== null && (
              <p className="notice" role="alert" data-testid="unknown-model">
                {`Unknown network '${unknownModelId}'.`} Pick one of the networks below.
              </p>
            )}
            <Gallery focusId={previousModelId} />
          </>
        )}
      </main>
      <footer className="app-footer">
        Counts follow torchvision for AlexNet, VGG, ResNet and GoogLeNet, and the papers for LeNet-5. Memory is float32.
      </footer>
    </>
  );
}
