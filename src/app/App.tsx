/** The shell: header with the backend, and a hash router so any static host can serve the app. */
import { useEffect, useSyncExternalStore } from 'react';
import { DatasetsPage } from '../features/data/DatasetsPage';
import { HomePage } from '../features/home/HomePage';
import { LessonPage } from '../features/home/LessonPage';
import { NotebookPage } from '../features/notebook/NotebookPage';
import { parseRoute, type Route } from './routes';
import { ImportLayer } from '../features/import/ImportLayer';
import { ImportMenu } from '../features/import/ImportMenu';
import { isBundleHash } from '../features/import/read-bundle';
import { RunsErrorBanner, RunsPage } from '../features/runs/RunsPage';
import { ShareButton } from '../features/share/ShareButton';
import { StorageBanner } from '../features/storage-status/StorageBanner';
import { UpdateBanner } from '../features/app-update/UpdateBanner';
import { BackendStatus } from '../features/train/BackendStatus';
import { readBackendParam, writeBackendParam } from '../features/train/backend-param';
import { Playground } from '../features/workbench/Playground';
import { useAppStore } from '../store';

function subscribeToHash(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

// A bundle link (#b=, #url=) shows the home page under its preview.
const currentPath = () =>
  isBundleHash(window.location.hash) ? '/' : window.location.hash.replace(/^#/, '') || '/';

function useBackendFromUrl() {
  const choice = useAppStore((s) => s.backendChoice);
  useEffect(() => {
    useAppStore.getState().setBackendChoice(readBackendParam(window.location.search));
  }, []);
  useEffect(() => writeBackendParam(choice), [choice]);
}

export function App() {
  const path = useSyncExternalStore(subscribeToHash, currentPath);
  const route = parseRoute(path);
  useBackendFromUrl();
  useEffect(() => {
    const state = useAppStore.getState();
    void state.refreshStoredDatasets();
    void state.lookForInterruptedRun();
    void state.loadPlaygroundFromStorage();
  }, []);
  return (
    <>
      <header className="app-header">
        <a className="brand" href="#/">
          Gradlab
        </a>
        <nav aria-label="Pages" className="nav">
          <a href="#/" aria-current={route.page === 'home' ? 'page' : undefined}>
            Home
          </a>
          <a href="#/playground" aria-current={route.page === 'playground' ? 'page' : undefined}>
            Playground
          </a>
          <a href="#/data" aria-current={route.page === 'data' ? 'page' : undefined}>
            Datasets
          </a>
          <a href="#/runs" aria-current={route.page === 'runs' ? 'page' : undefined}>
            Runs
          </a>
        </nav>
        <span className="tagline muted">Train neural networks in your browser, on your GPU.</span>
        <ImportMenu />
        <ShareButton />
        <BackendStatus />
      </header>
      <UpdateBanner />
      <StorageBanner />
      <ImportLayer />
      <RunsErrorBanner />
      <Page route={route} />
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'playground':
      return <Playground />;
    case 'data':
      return <DatasetsPage />;
    case 'runs':
      return <RunsPage />;
    case 'notebook':
      return <NotebookPage id={route.id} />;
    case 'lesson':
      return <LessonPage slug={route.slug} />;
    case 'missing':
      return (
        <main className="not-found">
          <h1>Nothing here</h1>
          <p>
            The page <code>{route.path}</code> does not exist. <a href="#/">Go home</a>.
          </p>
        </main>
      );
  }
}
