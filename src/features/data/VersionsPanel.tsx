/**
 * A dataset's history (data.versions): one entry per stored version (data.version), newest first,
 * with its note, date and change ("+3 −1 ~2"), the current one marked. A version can be shown,
 * restored as the current version, or deleted (storage frees only the bytes no other version
 * uses, and the panel says how much); two picked versions open their diff.
 */
import { useState } from 'react';
import { datasetHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { formatBytes } from './format-bytes';
import { deleteVersions, restoreVersion } from './version-actions';
import { changeSummary, changeWords, currentOf } from './version-words';

interface Props {
  /** The version the page shows. */
  shown: StoredDataset;
  /** The stored versions of its line, newest first. */
  versions: readonly StoredDataset[];
}

interface Outcome {
  message: string;
  error: boolean;
}

const DATE_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

function VersionRow({
  record,
  shown,
  current,
  picked,
  canPick,
  onPick,
  onOutcome,
}: {
  record: StoredDataset;
  shown: boolean;
  current: boolean;
  picked: boolean;
  canPick: boolean;
  onPick(picked: boolean): void;
  onOutcome(outcome: Outcome, deleted: boolean): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const { version, note, changes } = record.lineage;
  const restore = async () => {
    setBusy(true);
    const made = await restoreVersion(record.sha256);
    setBusy(false);
    onOutcome(
      made.ok
        ? { message: `Version ${version} is now the current version.`, error: false }
        : { message: made.error.message, error: true },
      false,
    );
  };
  const remove = async () => {
    setBusy(true);
    const deleted = await deleteVersions([record.sha256]);
    setBusy(false);
    setConfirming(false);
    onOutcome(
      deleted.ok
        ? {
            message:
              `Deleted version ${version}: ${formatBytes(deleted.value.freedBytes)} freed` +
              ' (what other versions still use was kept).',
            error: false,
          }
        : { message: deleted.error.message, error: true },
      deleted.ok,
    );
  };
  return (
    <li
      className="data-version"
      data-testid="data.version"
      data-version={version}
      data-current={current ? 'true' : undefined}
      aria-current={shown ? 'page' : undefined}
    >
      <input
        type="checkbox"
        data-testid="data.version.pick"
        aria-label={`Pick version ${version} to compare`}
        checked={picked}
        disabled={!picked && !canPick}
        onChange={(event) => onPick(event.currentTarget.checked)}
      />
      <span className="data-version-body">
        <span className="data-version-head">
          {shown ? (
            <strong>Version {version}</strong>
          ) : (
            <a href={datasetHash(record.sha256)}>Version {version}</a>
          )}
          {current && <span className="badge">current</span>}
          <span className="data-version-change" title={changeWords(changes)}>
            {changeSummary(changes)}
          </span>
          <time className="muted" dateTime={record.createdAt}>
            {new Date(record.createdAt).toLocaleString(undefined, DATE_FORMAT)}
          </time>
        </span>
        {note !== '' && <q className="data-version-note">{note}</q>}
      </span>
      <span className="data-version-actions">
        {!current && (
          <button
            type="button"
            data-testid="data.version.restore"
            disabled={busy}
            onClick={() => void restore()}
          >
            Restore as current
          </button>
        )}
        {confirming ? (
          <>
            <button
              type="button"
              data-testid="data.version.confirmDelete"
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete version {version} for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            data-testid="data.version.delete"
            aria-label={`Delete version ${version}`}
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
      </span>
    </li>
  );
}

export function VersionsPanel({ shown, versions }: Props) {
  const [picked, setPicked] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const current = currentOf(versions);
  const stillPicked = picked.filter((sha) => versions.some((v) => v.sha256 === sha));
  const pair = stillPicked
    .map((sha) => versions.find((v) => v.sha256 === sha))
    .filter((v): v is StoredDataset => v !== undefined)
    .sort((a, b) => b.lineage.version - a.lineage.version);
  const [newer, older] = pair;
  return (
    <section className="data-versions" aria-labelledby="versions-heading">
      <h3 id="versions-heading">History</h3>
      <ol className="data-version-list" data-testid="data.versions">
        {versions.map((record) => (
          <VersionRow
            key={record.sha256}
            record={record}
            shown={record.sha256 === shown.sha256}
            current={record.sha256 === current?.sha256}
            picked={stillPicked.includes(record.sha256)}
            canPick={stillPicked.length < 2}
            onPick={(on) =>
              setPicked(
                on
                  ? [...stillPicked, record.sha256]
                  : stillPicked.filter((s) => s !== record.sha256),
              )
            }
            onOutcome={(result, deleted) => {
              setOutcome(result);
              // The page showed the version that is gone: show its line's current one instead.
              if (deleted && record.sha256 === shown.sha256) {
                const left = versions.filter((v) => v.sha256 !== record.sha256);
                const next = currentOf(left);
                window.location.hash = next === null ? '#/data' : datasetHash(next.sha256);
              }
            }}
          />
        ))}
      </ol>
      <p className="data-versions-compare">
        {newer !== undefined && older !== undefined ? (
          <a data-testid="data.compare" href={datasetHash(newer.sha256, older.sha256)}>
            Compare version {older.lineage.version} with version {newer.lineage.version}
          </a>
        ) : (
          <span className="muted">
            {versions.length > 1
              ? 'Pick two versions to see what changed between them.'
              : 'Every change to this dataset (a capture, a relabel, a removal) will be a new version here.'}
          </span>
        )}
      </p>
      {outcome !== null && (
        <p
          className={outcome.error ? 'error' : 'status'}
          role={outcome.error ? 'alert' : 'status'}
          data-testid="data.versions.status"
        >
          {outcome.message}
        </p>
      )}
    </section>
  );
}
