/**
 * Runs -> Import run: a run trained elsewhere with the experiment's Keras project comes back as
 * its metrics.jsonl, or as the files of train.py's output folder (with model.json and weights.bin
 * when it ran with --export-tfjs), or as that folder.
 */
import type { ChangeEvent } from 'react';
import { useAppStore } from '../../store';

function onPicked(e: ChangeEvent<HTMLInputElement>) {
  const files = [...(e.currentTarget.files ?? [])];
  // Cleared, so picking the same file again after fixing it imports it again.
  e.currentTarget.value = '';
  if (files.length > 0) void useAppStore.getState().importRun(files);
}

function ImportOutcome() {
  const outcome = useAppStore((s) => s.runImport);
  const runs = useAppStore((s) => s.runs);
  if (outcome === null) return null;
  if (outcome.state === 'reading') return <p role="status">Reading the run…</p>;
  if (outcome.state === 'failed') {
    return (
      <p className="status error" role="alert" data-testid="runs.import.error">
        {outcome.message} Nothing was imported.{' '}
        <button type="button" onClick={() => useAppStore.getState().dismissRunImport()}>
          Dismiss
        </button>
      </p>
    );
  }
  const run = runs.find((r) => r.id === outcome.runId);
  const source = runs.find((r) => r.id === outcome.sourceRunId);
  return (
    <p role="status" data-testid="runs.import.done">
      Imported “{run?.name ?? outcome.runId}”.{' '}
      {source === undefined
        ? 'This browser has no run of the same model, so its curves are drawn alone below.'
        : `Its curves are drawn below over those of the browser run “${source.name}”.`}
    </p>
  );
}

export function ImportRun() {
  const reading = useAppStore((s) => s.runImport?.state === 'reading');
  return (
    <section className="panel runs-import" aria-labelledby="runs-import-heading">
      <h2 id="runs-import-heading">Import run</h2>
      <p className="muted">
        A run of an experiment trained with its Keras project (Export training project, then{' '}
        <code>python train.py</code>): choose its <code>metrics.jsonl</code>, or, when it ran with{' '}
        <code>--export-tfjs</code>, its output folder’s <code>metrics.jsonl</code>,{' '}
        <code>model.json</code> and <code>weights.bin</code> together (or the folder), to load its
        weights into the playground too.
      </p>
      <div className="runs-import-inputs">
        <label>
          Run files{' '}
          <input
            type="file"
            multiple
            accept=".jsonl,.json,.bin"
            data-testid="runs.import"
            disabled={reading}
            onChange={onPicked}
          />
        </label>
        <label>
          Or its folder{' '}
          <input
            type="file"
            data-testid="runs.import.folder"
            disabled={reading}
            onChange={onPicked}
            {...{ webkitdirectory: '' }}
          />
        </label>
      </div>
      <ImportOutcome />
    </section>
  );
}
