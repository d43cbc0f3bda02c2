/**
 * The sweep part of an experiment cell. "Sweep..." opens the Sweep dialog over the cell's
 * experiment with only the fields the cell leaves free: its author keeps the plan in the cell (a
 * sweep cell), a student starts a sweep of the cell at once. A sweep cell shows its plan, lets its
 * reader change the values of each field it varies (a student only those), runs it with Run sweep
 * and links to the sweep it ran last. The runs of the author's sweep that came with the notebook
 * are listed with the value each tried, best first.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { sweepHash } from '../../app/routes';
import type { Bundle, ExperimentCell } from '../../core/bundle/schema';
import { datasetRefName } from '../../core/data/ref';
import { experimentOf } from '../../core/experiment/cell';
import { isLocked } from '../../core/experiment/locks';
import {
  sweepOfCell,
  sweepRunsOfCell,
  withCellSweep,
  withFieldValues,
} from '../../core/notebook/sweep-cell';
import { counted } from '../../core/plural';
import { sweepCounts } from '../../core/sweep/queue';
import type { SweepField, SweepPlan } from '../../core/sweep/sweep';
import { targetKey, targetLabel } from '../../core/sweep/targets';
import { checkSweepPlan } from '../../core/sweep/validate';
import { formatValue, formatValues, parseValues } from '../../core/sweep/values';
import { useAppStore } from '../../store';
import { metricLabel } from '../sweeps/plan-form';
import { SharedSweep } from './SharedSweep';

// Loaded with its first opening, so the notebook's chunk does not carry it.
const SweepDialog = lazy(() =>
  import('../sweeps/SweepDialog').then((module) => ({ default: module.SweepDialog })),
);

function methodText(plan: SweepPlan): string {
  const { method, objective } = plan;
  const how =
    method.kind === 'grid'
      ? plan.fields.length === 1
        ? 'every value'
        : 'every combination'
      : method.kind === 'random'
        ? `${counted(method.count, 'random draw')} (seed ${method.seed})`
        : `successive halving from ${counted(method.minEpochs, 'epoch')}`;
  const best = `${objective.goal === 'max' ? 'highest' : 'lowest'} ${metricLabel(objective.metric)}`;
  const minutes = plan.maxMinutes === null ? '' : `, ${formatValue(plan.maxMinutes)} minutes`;
  return `${how}; at most ${counted(plan.maxRuns, 'run')}${minutes}; best: ${best}`;
}

/** One varied field: its label and its values, which the cell's reader may change. */
function FieldValues({
  field,
  label,
  onValues,
}: {
  field: SweepField;
  label: string;
  onValues(values: SweepField['values']): void;
}) {
  const shown = formatValues(field.values);
  const [text, setText] = useState(shown);
  // The values as last typed or shown: a plan changed elsewhere (the dialog, Reset) replaces the text.
  const [seen, setSeen] = useState(shown);
  if (seen !== shown) {
    setSeen(shown);
    setText(shown);
  }
  const parsed = parseValues(text);
  return (
    <li
      className="sweep-cell-field"
      data-testid="cell.sweepField"
      data-field={targetKey(field.target)}
    >
      <label>
        <span className="sweep-cell-label">{label}</span>
        <input
          type="text"
          spellCheck={false}
          data-testid="cell.sweepValues"
          aria-invalid={!parsed.ok}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const next = parseValues(event.target.value);
            if (!next.ok) return;
            const formatted = formatValues(next.value);
            setSeen(formatted);
            if (formatted !== shown) onValues(next.value);
          }}
        />
      </label>
      {!parsed.ok && (
        <span className="field-problem" role="alert" data-testid="cell.sweepValuesProblem">
          {parsed.error.message}
        </span>
      )}
    </li>
  );
}

export function SweepCellPanel({
  cell,
  draft,
  author,
  onChange,
}: {
  cell: ExperimentCell;
  draft: Bundle;
  /** Its author may give the cell a plan, change it and take it away; a student runs it. */
  author: boolean;
  onChange: (cell: ExperimentCell) => void;
}) {
  const notebookId = useAppStore((s) => s.openNotebook?.record.id ?? null);
  const sweeps = useAppStore((s) => s.sweeps);
  const [dialog, setDialog] = useState(false);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const experiment = useMemo(() => experimentOf(draft, cell.id), [draft, cell.id]);
  const locked = useMemo(
    () => new Set((cell.locks ?? []).filter((field) => isLocked(cell, field))),
    [cell],
  );
  const plan = cell.sweep;
  const check = useMemo(
    () => (experiment === null || plan === undefined ? null : checkSweepPlan(experiment, plan)),
    [experiment, plan],
  );
  if (experiment === null || notebookId === null) return null;
  const place = { kind: 'cell', notebookId, cellId: cell.id } as const;
  const name = datasetRefName(experiment.dataset);
  const latest = sweepOfCell(sweeps, notebookId, cell.id);
  const counts = latest === null ? null : sweepCounts(latest);
  const shared = sweepRunsOfCell(draft.runs, cell.id);

  const keepPlan = (next: SweepPlan | null) => {
    const made = withCellSweep(cell, next);
    setFailure(made.ok ? null : made.error.message);
    if (made.ok) onChange(made.value);
  };

  async function runSweep() {
    if (plan === undefined || experiment === null || notebookId === null) return;
    setStarting(true);
    setFailure(null);
    const started = await useAppStore
      .getState()
      .startSweep({ name, base: experiment, place, plan });
    setStarting(false);
    if (!started.ok) setFailure(started.error.message);
  }

  return (
    <div className="sweep-cell">
      {plan !== undefined && (
        <section className="sweep-cell-plan" data-testid="cell.sweepPlan" aria-label="Sweep">
          <h3>Sweep</h3>
          <ul>
            {plan.fields.map((field, i) => (
              <FieldValues
                key={targetKey(field.target)}
                field={field}
                label={targetLabel(field.target, experiment)}
                onValues={(values) =>
                  onChange({ ...cell, sweep: withFieldValues(plan, i, values) })
                }
              />
            ))}
          </ul>
          <p className="muted" data-testid="cell.sweepMethod">
            {methodText(plan)}
          </p>
          {check !== null && !check.ok && (
            <p className="error" role="alert" data-testid="cell.sweepProblem">
              {check.error.message}
            </p>
          )}
        </section>
      )}
      <div className="buttons sweep-cell-buttons">
        {plan !== undefined && (
          <button
            type="button"
            className="primary"
            data-testid="cell.runSweep"
            disabled={starting || check?.ok !== true}
            onClick={() => void runSweep()}
          >
            Run sweep
          </button>
        )}
        <button type="button" data-testid="cell.sweep" onClick={() => setDialog(true)}>
          {plan !== undefined && author ? 'Edit sweep…' : 'Sweep…'}
        </button>
        {plan !== undefined && author && (
          <button type="button" data-testid="cell.removeSweep" onClick={() => keepPlan(null)}>
            Remove sweep
          </button>
        )}
      </div>
      {latest !== null && counts !== null && (
        <p className="muted" role="status" data-testid="cell.sweepStatus">
          Last sweep: {counts.done} of {counts.total} runs, {latest.status}.{' '}
          <a href={sweepHash(latest.sweep.id)} data-testid="cell.sweepLink">
            Open the sweep
          </a>
        </p>
      )}
      {failure !== null && (
        <p className="error" role="alert" data-testid="cell.sweepError">
          {failure}
        </p>
      )}
      {plan !== undefined && shared.length > 0 && (
        <SharedSweep runs={shared} plan={plan} experiment={experiment} />
      )}
      {dialog && (
        <Suspense fallback={null}>
          <SweepDialog
            experiment={experiment}
            place={place}
            locked={locked}
            initialPlan={plan}
            initialName={name}
            {...(author
              ? { onPlan: keepPlan, submitLabel: 'Keep in the cell' }
              : { submitLabel: 'Start sweep' })}
            onClose={() => setDialog(false)}
          />
        </Suspense>
      )}
    </div>
  );
}
