/**
 * An experiment cell: a summary and Open/Run while closed; open, the workbench with the cell's
 * locks and views (only one cell is open at a time, as one worker trains one model), and its sweep
 * (SweepCellPanel). Its author also chooses here what a student may change and which views they
 * see.
 */
import { useMemo } from 'react';
import type { Bundle, ExperimentCell } from '../../core/bundle/schema';
import { datasetRefName } from '../../core/data/ref';
import { isLocked, LOCKABLE_FIELDS, toggleLock } from '../../core/experiment/locks';
import { toggleView } from '../../core/experiment/views';
import { useAppStore } from '../../store';
import { Workbench, type WorkbenchOptions } from '../workbench/Workbench';
import { isSweepRun, sweptLocks } from '../../core/notebook/sweep-cell';
import { LockEditor } from './LockEditor';
import { SweepCellPanel } from './SweepCellPanel';
import type { NotebookMode } from '../../core/notebook/stored-notebook';
import { counted } from '../../core/plural';

/** "the dataset, the model and the epochs", from the cell's known locks. */
function lockedLabels(cell: ExperimentCell): string {
  const labels = LOCKABLE_FIELDS.filter(({ field }) => isLocked(cell, field)).map(({ label }) =>
    label.toLowerCase(),
  );
  return labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function lastResult(bundle: Bundle, cellId: string): string | null {
  const run = bundle.runs.findLast((r) => r.cellId === cellId && !isSweepRun(r));
  const last = run?.epochs.at(-1);
  if (run === undefined || last === undefined) return null;
  const accuracy = last.validationAccuracy ?? last.trainAccuracy;
  return (
    `Last run: ${counted(last.epoch, 'epoch')}, loss ${last.trainLoss.toPrecision(3)}` +
    (accuracy === null ? '' : `, accuracy ${(accuracy * 100).toFixed(1)}%`) +
    ` (${run.backend})`
  );
}

export function ExperimentCellView({
  cell,
  index,
  draft,
  lesson,
  mode,
  onChange,
}: {
  cell: ExperimentCell;
  /** Its number among the notebook's experiments, from 1. */
  index: number;
  draft: Bundle;
  /** The lesson it came from, whose run is drawn beside the student's; null for one's own. */
  lesson: Bundle | null;
  mode: NotebookMode;
  onChange: (cell: ExperimentCell) => void;
}) {
  const active = useAppStore(
    (s) =>
      s.place.kind === 'cell' &&
      s.place.cellId === cell.id &&
      s.place.notebookId === s.openNotebook?.record.id,
  );
  const runningAll = useAppStore((s) => s.runningAll);
  const weights = useAppStore((s) => (s.cellWeights?.cellId === cell.id ? s.cellWeights : null));
  // The weights wait for the data: a dataset that did not travel is asked for first.
  const waitsForData = useAppStore((s) => active && s.prepared.missing !== null);
  const { openCell, runCell, edit } = useAppStore.getState();
  const ref = draft.datasets[cell.dataset];
  const student = mode === 'student';

  const options = useMemo<WorkbenchOptions>(() => {
    const locked = new Set<string>();
    if (student) {
      for (const field of cell.locks ?? []) if (isLocked(cell, field)) locked.add(field);
    }
    const run = lesson?.runs.find((r) => r.cellId === cell.id && !isSweepRun(r)) ?? null;
    return {
      locked,
      views: student ? new Set(cell.views) : null,
      lessonRun: run === null ? null : { id: run.id, name: 'The lesson’s run', epochs: run.epochs },
      spaceTrains: false,
    };
  }, [cell, lesson, student]);

  const hidden = cell.model.layers.length - 1;
  const summary =
    `${ref ? datasetRefName(ref) : 'missing dataset'} · ` +
    `${counted(hidden, 'hidden layer')} · ${cell.config.optimizer}, ` +
    `rate ${cell.config.learningRate}, ${counted(cell.config.epochs, 'epoch')}`;
  const result = lastResult(draft, cell.id);
  const locks = student ? (cell.locks ?? []).filter((f) => isLocked(cell, f)).length : 0;

  return (
    <div className="experiment-cell" data-active={active ? 'true' : 'false'}>
      <div className="experiment-head">
        <h2 className="experiment-title">Experiment {index}</h2>
        <span className="muted" data-testid="cell.summary">
          {summary}
        </span>
        <div className="buttons">
          {!active && (
            <button
              type="button"
              data-testid="cell.open"
              disabled={runningAll !== null}
              onClick={() => openCell(cell.id)}
            >
              Open
            </button>
          )}
          <button
            type="button"
            className="primary"
            data-testid="cell.run"
            disabled={runningAll !== null}
            onClick={() => void runCell(cell.id)}
          >
            Run
          </button>
        </div>
      </div>
      {result !== null && (
        <p className="muted" data-testid="cell.result">
          {result}
        </p>
      )}
      {student && locks > 0 && (
        <p className="muted lock-note">
          The lesson fixes {lockedLabels(cell)} here; the rest is yours to change.
        </p>
      )}
      <SweepCellPanel cell={cell} draft={draft} author={!student} onChange={onChange} />
      {weights !== null && (
        <p
          className={weights.state === 'failed' || weights.state === 'damaged' ? 'error' : 'muted'}
          role={weights.state === 'failed' || weights.state === 'damaged' ? 'alert' : 'status'}
          data-testid="cell.weights"
        >
          {weights.state === 'loading'
            ? waitsForData
              ? 'The trained weights that came with this notebook load once its data is here.'
              : 'Loading the trained weights that came with this notebook…'
            : weights.state === 'loaded'
              ? 'Trained weights loaded: the model predicts as it did for its author. Train to start again from fresh weights.'
              : weights.state === 'damaged'
                ? `${weights.message}. The model starts from its seeded weights; Train trains it.`
                : `The trained weights could not be loaded: ${weights.message}`}
        </p>
      )}
      {!student && (
        <LockEditor
          cell={cell}
          swept={sweptLocks(cell)}
          // The open cell's experiment is in the editors: its locks and views change there too.
          onToggleLock={(field) =>
            active ? edit({ type: 'toggleLock', field }) : onChange(toggleLock(cell, field))
          }
          onToggleView={(view) =>
            active ? edit({ type: 'toggleView', view }) : onChange(toggleView(cell, view))
          }
        />
      )}
      {active && (
        <div className="playground workbench">
          <Workbench options={options} />
        </div>
      )}
    </div>
  );
}
