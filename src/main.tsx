/** Browser entry: one store, synced with the URL, rendered by <App>. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { createAppStore, openNetworkRepo, openOwnClassesRepo, openRunRepo, startBuilderSession, StoreProvider, syncWithUrl } from './store';
import './styles/base.css';
import './styles/gallery.css';
import './styles/network.css';
import './styles/table.css';
import './styles/builder.css';
import './styles/viz.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const hasDb = typeof indexedDB !== 'undefined';
const store = createAppStore({ repo: hasDb ? openNetworkRepo() : null, runs: hasDb ? openRunRepo() : null, ownRepo: hasDb ? openOwnClassesRepo() : null });
syncWithUrl(store, window);
void startBuilderSession(store, window);

createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
