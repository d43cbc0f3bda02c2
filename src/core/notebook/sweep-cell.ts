/**
 * A sweep cell: an experiment cell that carries the plan of a sweep over its own experiment, so a
 * lesson can ask "find the learning-rate cliff" and its reader runs that sweep. The cell's locks
 * bind the plan as they bind an edit: it may vary only fields the cell leaves free, and a student
 * changes the values of the fields it varies, never which fields.
 *
 * A bundle may carry the runs of a cell's sweep beside its other runs, each with the values of its
 * trial (`RunRecord.sweep`); these are those runs' readers and writers.
 */
import { canonicalJson } from '../bundle/canonical';
import type { ExperimentCell, RunRecord } from '../bundle/schema';
import { LOCKABLE_FIELDS, isLocked, type LockableField } from '../experiment/locks';
import { err, ok, type Result } from '../result';
import { bundleRunOf } from '../runs/bundle-run';
import type { StoredRun } from '../runs/stored-run';
import type { SweepPlan, SweepRecord, SweepValue, SweepValues } from '../sweep/sweep';
import { appliedValue, lockOf, targetShortLabel } from '../sweep/targets';
import { formatValue, formatValues } from '../sweep/values';
import { NotebookEditError } from './cells';

export interface LockedSweepField {
  /** Its index in the plan's fields. */
  index: number;
  lock: LockableField;
  /** The lock's label, as the lock editor shows it ("Learning rate"). */
  label: string;
}

/** The plan's fields that vary what `locked` locks, in the plan's order. */
export function lockedSweepFields(
  plan: SweepPlan,
  locked: { locks?: string[] },
): LockedSweepField[] {
  return plan.fields.flatMap(({ target }, index) => {
    const lock = lockOf(target);
    if (!isLocked(locked, lock)) return [];
    const label = LOCKABLE_FIELDS.find((f) => f.field === lock)?.label ?? lock;
    return [{ index, lock, label }];
  });
}

/** The lockable fields the cell's sweep varies: locking one would lock the sweep out of it. */
export function sweptLocks(cell: ExperimentCell): Set<LockableField> {
  return new Set(cell.sweep?.fields.map(({ target }) => lockOf(target)) ?? []);
}

/** The cell with `plan` as its sweep (none for null), refused when the plan varies a locked field. */
export function withCellSweep(
  cell: ExperimentCell,
  plan: SweepPlan | null,
): Result<ExperimentCell, NotebookEditError> {
  if (plan === null) {
    const plain = { ...cell };
    delete plain.sweep;
    return ok(plain);
  }
  const [locked] = lockedSweepFields(plan, cell);
  if (locked !== undefined) {
    return err(
      new NotebookEditError(
        `This cell locks ${locked.label.toLowerCase()}, so its sweep cannot vary it. ` +
          'Choose a field the cell leaves free.',
        'locked-field',
      ),
    );
  }
  return ok({ ...cell, sweep: structuredClone(plan) });
}

/** The plan with field `index` taking `values` (what a student may change of a lesson's plan). */
export function withFieldValues(plan: SweepPlan, index: number, values: SweepValues): SweepPlan {
  return {
    ...plan,
    fields: plan.fields.map((field, i) => (i === index ? { ...field, values } : field)),
  };
}

export const isSweepRun = (run: RunRecord): boolean => run.sweep !== undefined;

/** The plan in a line, for a page that cannot show its inputs: "lr log 0.03..10 x6; grid". */
export function planWords(plan: SweepPlan): string {
  const fields = plan.fields.map(
    ({ target, values }) => `${targetShortLabel(target)} ${formatValues(values)}`,
  );
  return `${fields.join(', ')}; ${plan.method.kind}, at most ${plan.maxRuns} runs`;
}

/** A trial's values by field, as run names say them: "lr 0.3, units 1 16". */
export const trialWords = (plan: SweepPlan, values: readonly SweepValue[]): string =>
  plan.fields
    .map(({ target }, i) => {
      const value = values[i];
      return `${targetShortLabel(target)} ${value === undefined ? '?' : formatValue(appliedValue(target, value))}`;
    })
    .join(', ');

/** The runs of the cell's sweep a bundle carries, in their order there. */
export const sweepRunsOfCell = (runs: readonly RunRecord[], cellId: string): RunRecord[] =>
  runs.filter((run) => run.cellId === cellId && isSweepRun(run));

/**
 * The newest sweep this browser ran from the notebook's cell, any plan; with `plan`, the newest
 * that ran that plan (whose runs can travel with a cell holding it). Null when none did.
 */
export function sweepOfCell(
  sweeps: readonly SweepRecord[],
  notebookId: string,
  cellId: string,
  plan?: SweepPlan,
): SweepRecord | null {
  const wanted = plan === undefined ? null : canonicalJson(plan);
  let newest: SweepRecord | null = null;
  for (const record of sweeps) {
    const { place, createdAt } = record.sweep;
    if (place.kind !== 'cell' || place.notebookId !== notebookId || place.cellId !== cellId) {
      continue;
    }
    if (wanted !== null && canonicalJson(record.sweep.plan) !== wanted) continue;
    if (newest === null || createdAt > newest.sweep.createdAt) newest = record;
  }
  return newest;
}

/**
 * The finished runs of `record`'s trials as the cell's sweep runs in a bundle, in trial order:
 * each with the trial's values, its dataset named by the cell's key (a trial that varies the
 * data's noise or size trained on the cell's data with that value, as its values say).
 */
export function sweepRunRecords(
  record: SweepRecord,
  runs: readonly StoredRun[],
  cell: ExperimentCell,
): RunRecord[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  return record.trials.flatMap((trial) => {
    const run = trial.status === 'done' ? byId.get(trial.runId) : undefined;
    const shared =
      run === undefined ? null : bundleRunOf(run, { cellId: cell.id, datasetKey: cell.dataset });
    return shared === null || shared.epochs.length === 0
      ? []
      : [{ ...shared, sweep: { values: [...trial.values] } }];
  });
}
