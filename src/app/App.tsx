/** The shell: header with the backend, and a hash router so any static host can serve the app. */
import {
  lazy,
  Suspense,
  useEffect,
  useSyncExternalStore,
  type ComponentType,
  type LazyExoticComponent,
} from 'react';
import { HomePage } from '../features/home/HomePage';
import { parseRoute, type Route } from './routes';
import { ImportLayer } from '../features/import/ImportLayer';
import { ImportMenu } from '../features/import/ImportMenu';
import { isBundleHash } from '../core/bundle/read';
import { RunsErrorBanner } from '../features/runs/RunsErrorBanner';
import { ShareButton } from '../features/share/ShareButton';
import { StorageBanner } from '../features/storage-status/StorageBanner';
import { UpdateBanner } from '../features/app-update/UpdateBanner';
import { BackendStatus } from '../features/train/BackendStatus';
import { readBackendParam, writeBackendParam } from '../features/train/backend-param';
import { useAppStore } from '../store';
import { useSweepNames } from '../features/sweeps/sweep-names';

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
          <a
            href="#/data"
            aria-current={
              route.page === 'data' || route.page === 'dataset' || route.page === 'capture'
                ? 'page'
                : undefined
            }
          >
            Datasets
          </a>
          <a
            href="#/runs"
            aria-current={route.page === 'runs' || route.page === 'sweep' ? 'page' : undefined}
          >
            Runs
          </a>
        </nav>
        {/* It names no GPU: many computers train on the processor; the backend says which. */}
        <span className="tagline muted">
          Train neural networks in your browser, nothing to install.
        </span>
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

/*
 * Pages load when first visited, so the home page does not wait for the workbench, the notebook's
 * Markdown and math, or the datasets and runs pages.
 */
/** A page component that loads with its module the first time it is shown. */
function lazyPage<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const Playground = lazyPage(() => import('../features/workbench/Playground'), 'Playground');
const NotebookPage = lazyPage(() => import('../features/notebook/NotebookPage'), 'NotebookPage');
const LessonPage = lazyPage(() => import('../features/home/LessonPage'), 'LessonPage');
const DatasetsPage = lazyPage(() => import('../features/data/DatasetsPage'), 'DatasetsPage');
const RunsPage = lazyPage(() => import('../features/runs/RunsPage'), 'RunsPage');
const SweepPage = lazyPage(() => import('../features/sweeps/SweepPage'), 'SweepPage');
const CapturePage = lazyPage(() => import('../features/capture/CapturePage'), 'CapturePage');

/** The Runs page, told the sweeps' names so its runs say which sweep they belong to. */
function RunsRoute() {
  return <RunsPage sweepNames={useSweepNames()} />;
}

function Page({ route }: { route: Route }) {
  return (
    <Suspense
      fallback={
        <main className="page-loading" aria-busy="true">
          <p className="muted">Loading…</p>
        </main>
      }
    >
      <PageFor route={route} />
    </Suspense>
  );
}

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'playground':
      return <Playground />;
    case 'data':
      return <DatasetsPage selected={null} diffWith={null} />;
    case 'dataset':
      return <DatasetsPage selected={route.sha256} diffWith={route.diff} />;
    case 'capture':
      return <CapturePage parent={route.parent} />;
    case 'runs':
      return <RunsRoute />;
    case 'sweep':
      return <SweepPage id={route.id} />;
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
