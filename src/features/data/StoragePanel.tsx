/**
 * What this browser keeps: each stored dataset (its current version, marked "v3" when it has
 * versions) with its size, source, hash and last use, the space used against the quota, a request
 * to keep the data when space runs low, and an export of everything kept.
 */
import { useEffect, useMemo, useState } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { currentVersions } from '../../core/data/versions/current';
import {
  estimateStorage,
  isStoragePersisted,
  requestPersistentStorage,
} from '../../storage/persistence';
import { useAppStore } from '../../store';
import { ExportEverythingButton } from '../storage-status/ExportEverythingButton';
import { formatBytes } from './format-bytes';
import { sourceOf } from './source-words';
import { useDatasetVersions } from './use-dataset-versions';
import { deleteVersions } from './version-actions';

function Row({
  record,
  versions,
  onSelect,
}: {
  record: StoredDataset;
  /** The SHA-256 of each stored version of its line, it among them. */
  versions: readonly string[];
  onSelect(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The row is the dataset: deleting it deletes every version (the history offers one at a time).
  const remove = async () => {
    const deleted = await deleteVersions(versions.length > 0 ? versions : [record.sha256]);
    setError(deleted.ok ? null : deleted.error.message);
  };
  const { version } = record.lineage;
  return (
    <tr data-testid="storage.row">
      <th scope="row">
        <button type="button" className="link" onClick={onSelect}>
          {record.name}
        </button>
        {(version > 1 || versions.length > 1) && (
          <span
            className="badge"
            data-testid="storage.version"
            title={`Version ${version}; ${versions.length} stored`}
          >
            v{version}
          </span>
        )}
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
              {versions.length > 1
                ? `Delete all ${versions.length} versions for good`
                : 'Delete for good'}
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
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
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
  // One row per dataset, its current version, whether or not the list holds older versions too.
  const rows = useMemo(() => currentVersions(stored), [stored]);
  const all = useDatasetVersions();
  const versionsOf = (record: StoredDataset): string[] =>
    (all ?? []).filter((r) => r.lineage.lineId === record.lineage.lineId).map((r) => r.sha256);
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
              {rows.map((record) => (
                <Row
                  key={record.sha256}
                  record={record}
                  versions={versionsOf(record)}
                  onSelect={() => onSelect(record)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
