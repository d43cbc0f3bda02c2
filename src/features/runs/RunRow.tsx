/**
 * One run in the runs table: select, rename in place, its loss and final figures, where it ran,
 * tags, delete after a confirmation.
 */
import { RunProjectExport } from '../model-export/RunProjectExport';
import { memo, useState, type KeyboardEvent } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import { useAppStore } from '../../store';
import { datasetRefName } from '../../core/data/ref';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { runDatasetName } from './data-versions';
import { originDetails, originLabel } from './origin-label';
import { SweepButton } from '../sweeps/SweepButton';
import {
  finalMetric,
  finalTrainLoss,
  finalValidationLoss,
  formatMetric,
  formatValue,
  LOSS_WORDS,
  metricDetails,
} from './run-metric';

/** A loss as the table shows it: none recorded, a number, or a run that diverged (NaN). */
function lossText(value: number | null, none: string): string {
  if (value === null) return none;
  return Number.isFinite(value) ? formatValue(value, 4) : 'diverged';
}

/**
 * Made once: `toLocaleString` with options builds a formatter per call, and with a hundred rows
 * that took tens of milliseconds of each redraw.
 */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const WHOLE_NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Why a run has no final metric: its last loss is not a number, or the figure was not recorded. */
function noMetric(run: StoredRun): string {
  const last = run.epochs.at(-1);
  const loss = last?.validationLoss ?? last?.trainLoss;
  return loss !== undefined && !Number.isFinite(loss) ? 'diverged' : 'not recorded';
}

function MetricCell({ run }: { run: StoredRun }) {
  const metric = finalMetric(run);
  return (
    <td
      className="num"
      data-testid="runs.metric"
      data-kind={metric?.kind}
      title={metric === null ? undefined : metricDetails(run, metric)}
    >
      {metric === null ? noMetric(run) : formatMetric(metric)}
    </td>
  );
}

/** The sweep a run was trained for, by name when the page knows it. */
function SweepCell({
  run,
  sweepNames,
}: {
  run: StoredRun;
  sweepNames: ReadonlyMap<string, string>;
}) {
  if (run.sweep === null) return <td className="muted">none</td>;
  const { sweepId } = run.sweep;
  return (
    <td data-testid="runs.sweep" data-sweep-id={sweepId}>
      {sweepNames.get(sweepId) ?? sweepId}
    </td>
  );
}

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

/** A row draws again only when its own props change, not at every update of the page's store. */
export const RunRow = memo(function RunRow({
  run,
  selected,
  sweepNames,
  datasets = [],
}: {
  run: StoredRun;
  selected: boolean;
  /** Sweep names by id when the table has a sweep column; null when it has none. */
  sweepNames: ReadonlyMap<string, string> | null;
  /** Every stored dataset version, to name the version the run trained on. */
  datasets?: readonly StoredDataset[];
}) {
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
      <td className="runs-name-cell">
        <NameCell run={run} />
      </td>
      <td data-testid="runs.dataset">
        {runDatasetName(run, datasets) ?? datasetRefName(run.experiment.dataset)}
      </td>
      <td>
        <time dateTime={run.createdAt}>{DATE_TIME.format(new Date(run.createdAt))}</time>
      </td>
      <td className="num">{run.epochs.length}</td>
      <td data-testid="runs.lossKind">{LOSS_WORDS[run.experiment.config.loss]}</td>
      <td className="num">{lossText(finalTrainLoss(run), '—')}</td>
      <td
        className="num"
        data-testid="runs.valLoss"
        title={finalValidationLoss(run) === null ? 'No validation split' : undefined}
      >
        {lossText(finalValidationLoss(run), 'no split')}
      </td>
      <MetricCell run={run} />
      <td className="num">
        {run.samplesPerSec === null ? '—' : WHOLE_NUMBER.format(Math.round(run.samplesPerSec))}
      </td>
      <td className="runs-origin-cell" data-testid="runs.origin" title={originDetails(run)}>
        {originLabel(run)}
      </td>
      {sweepNames !== null && <SweepCell run={run} sweepNames={sweepNames} />}
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
});
