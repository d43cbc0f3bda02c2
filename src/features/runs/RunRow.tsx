/** One run in the runs table: select, rename in place, tags, delete after a confirmation. */
import { RunProjectExport } from '../model-export/RunProjectExport';
import { useState, type KeyboardEvent } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import { useAppStore } from '../../store';
import { finalLoss, finalValAccuracy } from './run-facts';
import { datasetRefName } from '../../core/data/ref';
import { originDetails, originLabel } from './origin-label';
import { SweepButton } from '../sweeps/SweepButton';

const number = (value: number | null, digits: number): string =>
  value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);

function NameCell({ run }: { run: StoredRun }) {
  const renameRun = useAppStore((s) => s.renameRun);
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      <button
        type="button"
        className="link runs-name"
        data-testid="runs.name"
        title="Rename"
        onClick={() => setEditing(true)}
      >
        {run.name}
      </button>
    );
  }
  const save = (text: string) => {
    setEditing(false);
    void renameRun(run.id, text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') save(e.currentTarget.value);
    if (e.key === 'Escape') setEditing(false);
  };
  return (
    <input
      aria-label="Run name"
      data-testid="runs.rename"
      defaultValue={run.name}
      autoFocus
      onKeyDown={onKeyDown}
      onBlur={(e) => save(e.currentTarget.value)}
    />
  );
}

function TagsCell({ run }: { run: StoredRun }) {
  const tagRun = useAppStore((s) => s.tagRun);
  const joined = run.tags.join(', ');
  return (
    <input
      // A new key when the stored tags change puts the cleaned list back in the field.
      key={joined}
      aria-label={`Tags of ${run.name}, comma separated`}
      data-testid="runs.tags"
      placeholder="tags"
      defaultValue={joined}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
      onBlur={(e) => {
        if (e.currentTarget.value !== joined) void tagRun(run.id, e.currentTarget.value);
      }}
    />
  );
}

function DeleteCell({ run }: { run: StoredRun }) {
  const deleteRun = useAppStore((s) => s.deleteRun);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        data-testid="runs.delete"
        aria-label={`Delete ${run.name}`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
    );
  }
  return (
    <span className="runs-confirm" role="group" aria-label={`Delete ${run.name}?`}>
      <button
        type="button"
        className="danger"
        data-testid="runs.delete.confirm"
        autoFocus
        onClick={() => void deleteRun(run.id)}
      >
        Delete for good
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

/**
 * Overlay an imported run on its browser run; put a run's weights into the playground; take the
 * run to Keras.
 */
function RunActions({ run }: { run: StoredRun }) {
  const overlay = useAppStore((s) => s.overlayWithSource);
  const loadWeights = useAppStore((s) => s.loadRunWeights);
  const { origin } = run;
  const sourceId = origin.kind === 'imported' ? origin.sourceRunId : null;
  const hasSource = useAppStore((s) => s.runs.some((r) => r.id === sourceId));
  const training = useAppStore((s) => s.run !== null);
  return (
    <>
      {hasSource && (
        <button type="button" data-testid="runs.overlay" onClick={() => overlay(run.id)}>
          Overlay with its browser run
        </button>
      )}
      {run.weights !== null && (
        <button
          type="button"
          data-testid="runs.loadWeights"
          disabled={training}
          title={
            training
              ? 'Stop or finish the run that is training first'
              : "Opens this run's experiment in the playground with the weights it ended with"
          }
          onClick={() => {
            void loadWeights(run.id);
            window.location.hash = '#/playground';
          }}
        >
          Load weights into playground
        </button>
      )}
      <RunProjectExport run={run} />
      <SweepButton base={run.experiment} place={run.place} label={`Sweep from ${run.name}`} />
    </>
  );
}

export function RunRow({ run, selected }: { run: StoredRun; selected: boolean }) {
  const toggle = useAppStore((s) => s.toggleRunSelected);
  return (
    <tr data-testid="runs.row" data-run-id={run.id} aria-selected={selected}>
      <td>
        <input
          type="checkbox"
          data-testid="runs.select"
          aria-label={`Compare ${run.name}`}
          checked={selected}
          onChange={() => toggle(run.id)}
        />
      </td>
      <td>
        <NameCell run={run} />
      </td>
      <td>{datasetRefName(run.experiment.dataset)}</td>
      <td>
        <time dateTime={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</time>
      </td>
      <td className="num">{run.epochs.length}</td>
      <td className="num">{number(finalLoss(run), 4)}</td>
      <td className="num">{number(finalValAccuracy(run), 3)}</td>
      <td className="num">{number(run.samplesPerSec, 0)}</td>
      <td title={run.adapter ?? undefined}>{run.backend ?? '—'}</td>
      <td data-testid="runs.origin" title={originDetails(run)}>
        {originLabel(run)}
      </td>
      <td>
        <TagsCell run={run} />
      </td>
      <td>
        <span className="runs-actions">
          <RunActions run={run} />
          <DeleteCell run={run} />
        </span>
      </td>
    </tr>
  );
}
