/** The shell: header with the backend, and a hash router so any static host can serve the app. */
import { useEffect, useSyncExternalStore } from 'react';
import { DatasetsPage } from './features/data/DatasetsPage';
import { ImportLayer } from './features/import/ImportLayer';
import { ImportMenu } from './features/import/ImportMenu';
import { isBundleHash } from './features/import/read-bundle';
import { RunsErrorBanner, RunsPage } from './features/runs/RunsPage';
import { ShareButton } from './features/share/ShareButton';
import { BackendStatus } from './features/train/BackendStatus';
import { readBackendParam, writeBackendParam } from './features/train/backend-param';
import { Playground } from './features/train/Playground';
import { useAppStore } from './store';

function subscribeToHash(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

// A bundle link (#b=, #url=) shows the playground under its preview.
const currentRoute = () =>
  isBundleHash(window.location.hash) ? '/' : window.location.hash.replace(/^#/, '') || '/';

function useBackendFromUrl() {
  const choice = useAppStore((s) => s.backendChoice);
  useEffect(() => {
    useAppStore.getState().setBackendChoice(readBackendParam(window.location.search));
  }, []);
  useEffect(() => writeBackendParam(choice), [choice]);
}

export function App() {
  const route = useSyncExternalStore(subscribeToHash, currentRoute);
  useBackendFromUrl();
  useEffect(() => {
    void useAppStore.getState().refreshStoredDatasets();
    void useAppStore.getState().lookForInterruptedRun();
  }, []);
  return (
    <>
      <header className="app-header">
        <a className="brand" href="#/">
          Gradlab
        </a>
        <nav aria-label="Pages" className="nav">
          <a href="#/" aria-current={route === '/' ? 'page' : undefined}>
            Playground
          </a>
          <a href="#/data" aria-current={route === '/data' ? 'page' : undefined}>
            Datasets
          </a>
          <a href="#/runs" aria-current={route === '/runs' ? 'page' : undefined}>
            Runs
          </a>
        </nav>
        <span className="tagline muted">Train neural networks in your browser, on your GPU.</span>
        <ImportMenu />
        <ShareButton />
        <BackendStatus />
      </header>
      <ImportLayer />
      <RunsErrorBanner />
      {route === '/' ? (
        <Playground />
      ) : route === '/data' ? (
        <DatasetsPage />
      ) : route === '/runs' ? (
        <RunsPage />
      ) : (
        <main className="not-found">
          <h1>Nothing here</h1>
          <p>
            The page <code>{route}</code> does not exist. <a href="#/">Go to the playground</a>.
          </p>
        </main>
      )}
    </>
  );
}
