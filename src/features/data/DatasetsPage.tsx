/**
 * The datasets page (#/data): the catalog, imports, downloads from a URL, and what is stored. A
 * stored dataset's version has its own address (#/data/<sha256>): its card, its history and, at
 * #/data/<sha256>/diff/<other>, what changed from version <other> to it.
 */
import { useEffect } from 'react';
import { datasetHash } from '../../app/routes';
import { useAppStore } from '../../store';
import { AddExamplesLink, MakeYourOwnPanel } from '../capture/MakeYourOwnPanel';
import { CatalogPanel } from './CatalogPanel';
import { DataCard } from './DataCard';
import { DiffView } from './DiffView';
import { ImportPanel } from './ImportPanel';
import { StoragePanel } from './StoragePanel';
import { UrlPanel } from './UrlPanel';
import { VersionsPanel } from './VersionsPanel';
import { openInPlayground } from './open-in-playground';
import { storedRefOf } from './slice';
import { useDatasetVersions } from './use-dataset-versions';
import { versionName, versionsOfLine } from './version-words';
import './data.css';
import './versions.css';

interface Props {
  /** The SHA-256 of the version shown, from the route (#/data/<sha256>); null for none. */
  selected: string | null;
  /** The version it is compared with (#/data/<sha256>/diff/<other>); null for none. */
  diffWith: string | null;
}

const notStored = (sha256: string) =>
  `No dataset with the SHA-256 ${sha256.slice(0, 12)}… is stored in this browser: it was ` +
  'deleted, or the address comes from another browser.';

function Selected({ selected, diffWith }: { selected: string; diffWith: string | null }) {
  const all = useDatasetVersions();
  if (all === null) return <p className="muted">Reading the stored datasets…</p>;
  const record = all.find((r) => r.sha256 === selected);
  if (record === undefined) {
    return (
      <p className="error" role="alert" data-testid="data.notStored">
        {notStored(selected)}
      </p>
    );
  }
  const versions = versionsOfLine(all, record.lineage.lineId);
  const other = diffWith === null ? null : (all.find((r) => r.sha256 === diffWith) ?? null);
  return (
    <>
      <h2 id="selected-heading">{versionName(record, all)}</h2>
      <p>
        <button type="button" onClick={() => openInPlayground(storedRefOf(record))}>
          Use in playground
        </button>{' '}
        <AddExamplesLink record={record} />
      </p>
      {diffWith !== null &&
        (other === null ? (
          <p className="error" role="alert">
            {notStored(diffWith)}
          </p>
        ) : (
          <DiffView a={other} b={record} />
        ))}
      <DataCard record={record} versions={versions} />
      <VersionsPanel shown={record} versions={versions} />
    </>
  );
}

export function DatasetsPage({ selected, diffWith }: Props) {
  useEffect(() => {
    void useAppStore.getState().refreshStoredDatasets();
  }, []);
  return (
    <main className="datasets-page">
      <h1 className="visually-hidden">Datasets</h1>
      <div className="column">
        <CatalogPanel />
        <MakeYourOwnPanel />
        <UrlPanel />
      </div>
      <div className="column">
        <ImportPanel />
        <StoragePanel
          onSelect={(record) => {
            window.location.hash = datasetHash(record.sha256);
          }}
        />
        {selected !== null && (
          <section className="panel" aria-labelledby="selected-heading" data-testid="data.selected">
            <Selected selected={selected} diffWith={diffWith} />
          </section>
        )}
      </div>
    </main>
  );
}
