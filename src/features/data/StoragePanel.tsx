/**
 * What this browser keeps: each stored dataset with its size, source, hash and last use, the
 * space used against the quota, a request to keep the data when space runs low, and an export
 * of everything kept.
 */
import { useEffect, useState } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { deleteDataset } from '../../storage/datasets-repo';
import {
  estimateStorage,
  isStoragePersisted,
  requestPersistentStorage,
} from '../../storage/persistence';
import { useAppStore } from '../../store';
import { ExportEverythingButton } from '../storage-status/ExportEverythingButton';
import { appDb } from '../../storage/app-db';
import { formatBytes } from './format-bytes';

function sourceOf(record: StoredDataset): string {
  const { source } = record;
  switch (source.kind) {
    case 'shipped':
      return 'shipped with Gradlab';
    case 'url':
      return source.url;
    case 'file':
      return `imported from ${source.fileName}`;
    case 'capture':
      return `captured (${source.what})`;
  }
}

function Row({ record, onSelect }: { record: StoredDataset; onSelect(): void }) {
  const [confirming, setConfirming] = useState(false);
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const remove = async () => {
    const db = await appDb();
    if (db.ok) await deleteDataset(db.value, record.sha256);
    await refresh();
  };
  return (
    <tr data-testid="storage.row">
      <th scope="row">
        <button type="button" className="link" onClick={onSelect}>
          {record.name}
        </button>
      </th>
      <td>{formatBytes(record.byteLength)}</td>
      <td className="source" title={sourceOf(record)}>
        {sourceOf(record)}
      </td>
      <td>
        <code title={record.sha256}>{record.sha256.slice(0, 12)}</code>
      </td>
      <td>{new Date(record.lastUsed).toLocaleString()}</td>
      <td>
        {confirming ? (
          <>
            <button type="button" data-testid="storage.confirmDelete" onClick={() => void remove()}>
              Delete for good
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            data-testid="storage.delete"
            aria-label={`Delete ${record.name}`}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

function Usage({ stored }: { stored: readonly StoredDataset[] }) {
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    void estimateStorage().then(setEstimate);
    void isStoragePersisted().then(setPersisted);
  }, [stored]);
  const ask = async () => setPersisted(await requestPersistentStorage());
  return (
    <div className="usage" data-testid="storage.usage">
      {estimate ? (
        <>
          <progress max={estimate.quota} value={estimate.usage} aria-label="Storage used" />
          <span>
            {formatBytes(estimate.usage)} used of {formatBytes(estimate.quota)} this browser allows
          </span>
        </>
      ) : (
        <span className="muted">This browser does not report its storage use.</span>
      )}
      {persisted === true ? (
        <span className="muted">
          Stored persistently: the browser will not clear it on its own.
        </span>
      ) : persisted === false ? (
        <button type="button" data-testid="storage.persist" onClick={() => void ask()}>
          Keep my data when space runs low
        </button>
      ) : null}
    </div>
  );
}

export function StoragePanel({ onSelect }: { onSelect(record: StoredDataset): void }) {
  const stored = useAppStore((s) => s.storedDatasets);
  const error = useAppStore((s) => s.storageError);
  return (
    <section className="panel" aria-labelledby="storage-heading">
      <h2 id="storage-heading">In this browser</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Usage stored={stored} />
      <p className="storage-export">
        <ExportEverythingButton testId="storage.exportAllPanel" />{' '}
        <span className="muted">
          Notebooks, versions, runs and settings as one ZIP (datasets as a list, without their
          bytes).
        </span>
      </p>
      {stored.length === 0 ? (
        <p className="muted">No datasets stored yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="storage-table">
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Size</th>
                <th scope="col">Source</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {stored.map((record) => (
                <Row key={record.sha256} record={record} onSelect={() => onSelect(record)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
