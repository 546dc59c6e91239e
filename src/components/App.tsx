/** The app shell: header, then either the gallery (with an unknown-id message) or the open network. */
import { Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectEntry, selectPreviousModelId, selectScreen, useAppStore, type AppState } from '../store';
import { BackLink } from './BackLink';
import { ErrorBoundary } from './ErrorBoundary';
import { Gallery } from './Gallery';
import { NetworkView } from './NetworkView';
import { UpdatePrompt } from './UpdatePrompt';
import { VIEW_DEFS } from './views';

const selectView = (s: AppState) => s.view;
const selectSetView = (s: AppState) => s.setView;

/** Top-level component; which screen shows is store state (kept in step with ?model= by syncWithUrl). */
export function App() {
  const { screen, modelId, unknownModelId } = useAppStore(useShallow(selectScreen));
  const entry = useAppStore(selectEntry);
  const previousModelId = useAppStore(selectPreviousModelId);
  const view = useAppStore(selectView);
  const setView = useAppStore(selectSetView);
  const other = VIEW_DEFS.find((v) => v.id === view && v.component);
  const Screen = other?.component;

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
        {VIEW_DEFS.length > 1 && (
          <nav className="app-nav" aria-label="Screens">
            {VIEW_DEFS.map((v) => (
              <a
                key={v.id}
                href={v.id === 'networks' ? '?' : `?view=${v.id}`}
                aria-current={view === v.id ? 'page' : undefined}
                data-testid={`nav-${v.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  setView(v.id);
                }}
              >
                {v.label}
              </a>
            ))}
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {Screen && other ? (
          <ErrorBoundary key={other.id} what={`the ${other.label} screen`}>
            <Suspense fallback={<p className="loading">Loading {other.label}...</p>}>
              <Screen />
            </Suspense>
          </ErrorBoundary>
        ) : screen === 'network' ? (
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
      <UpdatePrompt />
      <footer className="app-footer">
        Counts follow torchvision for AlexNet, VGG, ResNet and GoogLeNet, and the papers for LeNet-5. Memory is float32.
      </footer>
    </>
  );
}
