/** The datasets page (#/data): the catalog, imports, downloads from a URL, and what is stored. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { MakeYourOwnPanel } from '../capture/MakeYourOwnPanel';
import { CatalogPanel } from './CatalogPanel';
import { DatasetPreview } from './DatasetPreview';
import { ImportPanel } from './ImportPanel';
import { StoragePanel } from './StoragePanel';
import { UrlPanel } from './UrlPanel';
import { openInPlayground } from './open-in-playground';
import { storedRefOf } from './slice';
import './data.css';

interface Props {
  /** The SHA-256 of the version shown, from the route (#/data/<sha256>); null for none. */
  selected: string | null;
  /** The version it is compared with (#/data/<sha256>/diff/<other>); null for none. */
  diffWith: string | null;
}

export function DatasetsPage({ selected: routed, diffWith }: Props) {
  const stored = useAppStore((s) => s.storedDatasets);
  const [selected, setSelected] = useState<string | null>(routed);
  void diffWith;
  const record = stored.find((r) => r.sha256 === selected) ?? null;
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
        <StoragePanel onSelect={(r) => setSelected(r.sha256)} />
        {record && (
          <section className="panel" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{record.name}</h2>
            <DatasetPreview record={record} />
            <button type="button" onClick={() => openInPlayground(storedRefOf(record))}>
              Use in playground
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
