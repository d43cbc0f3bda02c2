/**
 * Saving what was captured: a name and a licence for a new dataset (a note for a new version),
 * stored by the data worker (storeCaptured) like an import, then opened in the playground.
 */
import { useId, useState } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { useAppStore } from '../../store';
import { JobProgress } from '../data/JobProgress';
import { openInPlayground } from '../data/open-in-playground';
import { storedRefOf } from '../data/slice';
import { useDataJob } from '../data/use-data-job';
import { exampleCount, packCapture, type CaptureSet } from './capture-set';

interface Props {
  set: CaptureSet;
  parent: StoredDataset | null;
  /** While frames are recorded, saving waits. */
  busy: boolean;
}

export function SavePanel({ set, parent, busy }: Props) {
  const ids = { name: useId(), license: useId(), note: useId() };
  const job = useDataJob();
  const [name, setName] = useState(parent?.name ?? 'My captured set');
  const [license, setLicense] = useState(parent?.license ?? '');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const count = exampleCount(set);

  const save = async () => {
    const packed = packCapture(set, parent ? 'append' : 'new');
    if (!packed.ok) {
      setProblem(packed.error.message);
      return;
    }
    if (name.trim() === '') {
      setProblem('Give the dataset a name.');
      return;
    }
    setProblem(null);
    const { x, labels, classNames, inputShape, what } = packed.value;
    const source = parent?.source;
    const answer = await job.run({
      type: 'storeCaptured',
      name: name.trim(),
      what: source?.kind === 'capture' ? source.what : what,
      kind: 'image',
      inputShape,
      x,
      labels,
      classNames,
      parent: parent?.sha256 ?? null,
      note: note.trim() || defaultNote(set, parent),
      license: license.trim(),
    });
    if (!answer) return;
    await useAppStore.getState().refreshStoredDatasets();
    openInPlayground(storedRefOf(answer.record));
  };

  return (
    <section className="panel capture-save" aria-labelledby="capture-save-heading">
      <h2 id="capture-save-heading">{parent ? 'Save as the next version' : 'Save'}</h2>
      <div className="settings-grid">
        <div className="field">
          <label htmlFor={ids.name}>Dataset name</label>
          <input
            id={ids.name}
            data-testid="capture.name"
            value={name}
            readOnly={parent !== null}
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.license}>Licence</label>
          <input
            id={ids.license}
            data-testid="capture.license"
            value={license}
            maxLength={500}
            placeholder="e.g. CC BY 4.0, or: mine, do not share"
            onChange={(event) => setLicense(event.target.value)}
          />
        </div>
      </div>
      {parent && (
        <div className="field">
          <label htmlFor={ids.note}>What changed (a note kept with the version)</label>
          <input
            id={ids.note}
            data-testid="capture.note"
            value={note}
            maxLength={2000}
            placeholder={defaultNote(set, parent)}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
      )}
      <p>
        <button
          type="button"
          data-testid="capture.save"
          disabled={busy || job.running || count === 0}
          onClick={() => void save()}
        >
          {parent
            ? `Save ${count} new examples as version ${parent.lineage.version + 1}`
            : 'Save and open in the playground'}
        </button>{' '}
        <span className="muted">
          {count} {count === 1 ? 'example' : 'examples'}, {set.size} x {set.size}{' '}
          {set.channels === 1 ? 'gray' : 'RGB'}
        </span>
      </p>
      {job.progress && <JobProgress progress={job.progress} onCancel={job.cancel} />}
      {(problem ?? job.error) && (
        <p className="error" role="alert" data-testid="capture.saveError">
          {problem ?? job.error}
        </p>
      )}
    </section>
  );
}

function defaultNote(set: CaptureSet, parent: StoredDataset | null): string {
  const added = set.classes
    .filter((c) => c.examples.length > 0)
    .map((c) => `${c.examples.length} ${c.name}`)
    .join(', ');
  return parent ? `Added ${added || 'examples'}` : `Captured ${added}`;
}
