/** The shipped datasets and the well-known ones that download once, each with its state here. */
import {
  REMOTE_CATALOG,
  SHIPPED_CATALOG,
  type RemoteEntry,
  type ShippedEntry,
} from '../../core/data/catalog';
import { sourceKeyOf, type StoredDataset } from '../../core/data/stored-dataset';
import { useAppStore } from '../../store';
import { JobError } from './JobError';
import { JobProgress } from './JobProgress';
import { formatBytes } from './format-bytes';
import { useDataJob } from './use-data-job';
import { openInPlayground } from './open-in-playground';

function ShippedCard({ entry }: { entry: ShippedEntry }) {
  return (
    <li className="catalog-entry" data-testid="catalog.entry" data-id={entry.id}>
      <h3>{entry.title}</h3>
      <p>{entry.description}</p>
      <p className="muted">Ships with Gradlab · works offline</p>
      <button type="button" onClick={() => openInPlayground({ kind: 'shipped', name: entry.id })}>
        Use in playground
      </button>
    </li>
  );
}

function RemoteCard({ entry, stored }: { entry: RemoteEntry; stored: StoredDataset | undefined }) {
  const job = useDataJob();
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const download = async () => {
    const saved = await job.run({
      type: 'download',
      name: entry.title,
      format: entry.format,
      files: entry.files,
      ...(entry.classNames ? { classNames: entry.classNames } : {}),
    });
    if (saved) await refresh();
  };
  return (
    <li className="catalog-entry" data-testid="catalog.entry" data-id={entry.id}>
      <h3>{entry.title}</h3>
      <p>{entry.description}</p>
      <p className="muted">
        {stored
          ? 'Downloaded · in this browser'
          : `Download about ${formatBytes(entry.approxBytes)}`}{' '}
        ·{' '}
        <a href={entry.homepage} target="_blank" rel="noreferrer noopener">
          source
        </a>
      </p>
      {stored ? (
        <button
          type="button"
          onClick={() =>
            openInPlayground({ kind: 'local', sha256: stored.sha256, name: stored.name })
          }
        >
          Use in playground
        </button>
      ) : job.progress ? (
        <JobProgress progress={job.progress} onCancel={job.cancel} />
      ) : (
        <button type="button" data-testid="catalog.download" onClick={() => void download()}>
          Download
        </button>
      )}
      <JobError error={job.error} />
    </li>
  );
}

export function CatalogPanel() {
  // By source: only a dataset's first version answers for the download it came from.
  const stored = useAppStore((s) => s.storedVersions);
  const bySource = (entry: RemoteEntry) => {
    const key = sourceKeyOf({ kind: 'url', url: entry.files[0]?.url ?? '', format: entry.format });
    return stored.find((record) => record.sourceKey === key);
  };
  return (
    <section className="panel" aria-labelledby="catalog-heading">
      <h2 id="catalog-heading">Catalog</h2>
      <ul className="catalog">
        {SHIPPED_CATALOG.map((entry) => (
          <ShippedCard key={entry.id} entry={entry} />
        ))}
        {REMOTE_CATALOG.map((entry) => (
          <RemoteCard key={entry.id} entry={entry} stored={bySource(entry)} />
        ))}
      </ul>
      <p className="muted">
        The synthetic datasets (spiral, circles, XOR, ...) are in the playground&apos;s dataset
        list.
      </p>
    </section>
  );
}
