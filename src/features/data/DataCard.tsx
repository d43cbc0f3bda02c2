/**
 * A dataset version's card (data.card): where it came from, its licence (given by the user for
 * data they brought or made, and saved on every version of it), its SHA-256 to copy, its lineage
 * (which version of how many, the version it derives from, the author's note and what changed),
 * and its preview: counts, class balance and first examples.
 */
import { useId, useState } from 'react';
import { datasetHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { CopyButton } from '../ui/CopyButton';
import { DatasetPreview } from './DatasetPreview';
import { licenseIsEditable, sourceOf } from './source-words';
import { saveLicense } from './version-actions';
import { changeWords } from './version-words';

interface Props {
  record: StoredDataset;
  /** The stored versions of its line, newest first (it among them). */
  versions: readonly StoredDataset[];
}

function License({ record, versions }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(record.license);
  const [state, setState] = useState<{ saving: boolean; error: string | null }>({
    saving: false,
    error: null,
  });
  if (!licenseIsEditable(record)) {
    return <dd>{record.license || 'as its authors publish it (see the catalog)'}</dd>;
  }
  const changed = draft.trim() !== record.license;
  const save = async () => {
    setState({ saving: true, error: null });
    const saved = await saveLicense(
      versions.map((v) => v.sha256),
      draft,
    );
    setState({ saving: false, error: saved.ok ? null : saved.error.message });
  };
  return (
    <dd>
      <form
        className="card-license"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label htmlFor={id} className="visually-hidden">
          Licence of {record.name}
        </label>
        <input
          id={id}
          data-testid="data.card.license"
          value={draft}
          maxLength={500}
          placeholder="not given (e.g. CC BY 4.0, or “my own photos”)"
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        <button
          type="submit"
          data-testid="data.card.saveLicense"
          disabled={!changed || state.saving}
        >
          Save
        </button>
      </form>
      {state.error !== null && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
    </dd>
  );
}

function Lineage({ record, versions }: Props) {
  const { lineage } = record;
  const newest = Math.max(...versions.map((v) => v.lineage.version), lineage.version);
  const parent =
    lineage.parent === null ? null : (versions.find((v) => v.sha256 === lineage.parent) ?? null);
  return (
    <>
      <dt>Version</dt>
      <dd data-testid="data.card.version">
        {lineage.version} of {newest}
        {versions.length < newest && (
          <span className="muted"> ({versions.length} of them in this browser)</span>
        )}
      </dd>
      {lineage.parent !== null && (
        <>
          <dt>Derives from</dt>
          <dd data-testid="data.card.parent">
            {parent === null ? (
              <>
                version {lineage.version - 1}, <code>{lineage.parent.slice(0, 12)}…</code>, which is
                not in this browser
              </>
            ) : (
              <>
                <a href={datasetHash(parent.sha256)}>version {parent.lineage.version}</a>
                {' · '}
                <a href={datasetHash(record.sha256, parent.sha256)} data-testid="data.card.diff">
                  what changed
                </a>
              </>
            )}
          </dd>
          <dt>Change</dt>
          <dd>
            {changeWords(lineage.changes)}
            {lineage.note !== '' && <q className="card-note">{lineage.note}</q>}
          </dd>
        </>
      )}
    </>
  );
}

export function DataCard({ record, versions }: Props) {
  return (
    <article className="data-card" data-testid="data.card" aria-label={`${record.name}: card`}>
      <dl>
        <dt>Source</dt>
        <dd className="card-source">{sourceOf(record)}</dd>
        <dt>Licence</dt>
        <License key={record.sha256} record={record} versions={versions} />
        <dt>SHA-256</dt>
        <dd className="card-hash">
          <code data-testid="data.card.hash">{record.sha256}</code>
          <CopyButton
            value={record.sha256}
            what={`SHA-256 of ${record.name}`}
            testId="data.card.copy"
          />
        </dd>
        <Lineage record={record} versions={versions} />
      </dl>
      <DatasetPreview record={record} />
    </article>
  );
}
