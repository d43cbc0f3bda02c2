/**
 * "Sweep...": pick the fields to vary and their values, a method (grid, seeded random draws, or
 * successive halving), caps on runs and minutes, and what makes a run best. Every value is tried on
 * the experiment as it is typed, so an impossible one is named at its field before anything runs.
 * By default Start stores the sweep, starts it and opens its page; a notebook's author may take the
 * plan instead (`onPlan`). Fields a lesson locks are not offered, and the dialog says which.
 */
import { useId, useMemo, useRef, useState } from 'react';
import {
  PLAYGROUND,
  type Experiment,
  type ExperimentPlace,
} from '../../core/experiment/experiment';
import { datasetRefName } from '../../core/data/ref';
import { counted } from '../../core/plural';
import type { SweepPlan } from '../../core/sweep/sweep';
import { sweepTargets, targetKey } from '../../core/sweep/targets';
import { formatValue } from '../../core/sweep/values';
import { sweepHash } from '../../app/routes';
import { useAppStore } from '../../store';
import { Dialog } from '../ui/Dialog';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';
import {
  checkDraft,
  defaultDraft,
  describeRungs,
  draftFromPlan,
  KEEP_CHOICES,
  lockedTarget,
  locksOf,
  MAX_RUNS,
  metricLabel,
  metricsFor,
  nextField,
  suggestValues,
  type FieldDraft,
  type MethodKind,
  type PlanDraft,
  type TargetOption,
} from './plan-form';
import './sweeps.css';

/** At most this many fields (the plan's validator says the same). */
const MAX_FIELDS = 8;

export interface SweepDialogProps {
  /** The experiment every run starts from. */
  experiment: Experiment;
  /** Where the sweep's runs say they ran (Start's sweep); the playground by default. */
  place?: ExperimentPlace;
  /**
   * What a lesson locks (`config.learningRate`, `model`, `dataset`...): fields under a lock are
   * not offered. The experiment's own locks hold too, as the sweep's check keeps them.
   */
  locked?: ReadonlySet<string>;
  /** The plan to show first (a sweep cell's); else the learning rate over three values. */
  initialPlan?: SweepPlan;
  initialName?: string;
  /**
   * When given, Start hands the checked plan here (a notebook's author keeps it in the cell) and
   * the dialog closes, in place of starting the sweep.
   */
  onPlan?(plan: SweepPlan): void;
  submitLabel?: string;
  onClose(): void;
}

const METHODS: readonly { value: MethodKind; label: string }[] = [
  { value: 'grid', label: 'Grid: every combination' },
  { value: 'random', label: 'Random: draw combinations' },
  { value: 'halving', label: 'Successive halving: keep the best, train them on' },
];

function FieldRow({
  index,
  field,
  targets,
  locks,
  problem,
  onChange,
  onRemove,
}: {
  index: number;
  field: FieldDraft;
  targets: readonly TargetOption[];
  locks: readonly string[];
  problem: string | null;
  onChange(field: FieldDraft): void;
  onRemove(): void;
}) {
  const id = useId();
  const option = targets.find((t) => targetKey(t.target) === field.key);
  return (
    <li className="sweep-field" role="group" aria-label={`Field ${index + 1}`}>
      <div className="field">
        <label htmlFor={`${id}-field`}>Vary</label>
        <select
          id={`${id}-field`}
          data-testid="sweep.field"
          value={field.key}
          onChange={(event) => {
            const next = targets.find((t) => targetKey(t.target) === event.target.value);
            if (next) onChange({ key: event.target.value, text: suggestValues(next) });
          }}
        >
          {targets
            .filter((t) => !lockedTarget(t.target, locks))
            .map((t) => (
              <option key={targetKey(t.target)} value={targetKey(t.target)}>
                {t.label}
              </option>
            ))}
        </select>
      </div>
      <div className="field sweep-values">
        <label htmlFor={`${id}-values`}>Values</label>
        <input
          id={`${id}-values`}
          type="text"
          data-testid="sweep.values"
          value={field.text}
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-help`}
          onChange={(event) => onChange({ ...field, text: event.target.value })}
        />
        <span id={`${id}-help`} className={problem ? 'field-problem' : 'muted sweep-help'}>
          {problem ??
            `Now ${option ? formatValue(option.current) : '—'}. A list (0.01, 0.1), a range (1..5 x5) or a log range (log 0.0001..0.1 x4).`}
        </span>
      </div>
      <button
        type="button"
        className="sweep-remove"
        data-testid="sweep.removeField"
        aria-label={`Stop varying ${option?.label ?? 'this field'}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </li>
  );
}

function MethodFields({
  draft,
  epochs,
  set,
}: {
  draft: PlanDraft;
  epochs: number;
  set(patch: Partial<PlanDraft>): void;
}) {
  if (draft.method === 'random') {
    return (
      <div className="settings-grid">
        <NumberField
          label="Draws"
          value={draft.count}
          min={1}
          max={MAX_RUNS}
          integer
          testId="sweep.count"
          onChange={(count) => set({ count })}
        />
        <NumberField
          label="Seed of the draws"
          value={draft.seed}
          min={0}
          max={2 ** 31 - 1}
          integer
          testId="sweep.seed"
          onChange={(seed) => set({ seed })}
        />
      </div>
    );
  }
  if (draft.method === 'halving') {
    return (
      <div className="settings-grid">
        <NumberField
          label="Epochs of the first round"
          value={draft.minEpochs}
          min={1}
          max={Math.max(1, epochs)}
          integer
          testId="sweep.minEpochs"
          onChange={(minEpochs) => set({ minEpochs })}
        />
        <div className="field">
          <label htmlFor="sweep-keep">Each round keeps</label>
          <select
            id="sweep-keep"
            data-testid="sweep.keep"
            value={String(draft.keep)}
            onChange={(event) => set({ keep: Number(event.target.value) })}
          >
            {KEEP_CHOICES.map((choice) => (
              <option key={choice.value} value={String(choice.value)}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      </div>
    );
  }
  return null;
}

export function SweepDialog({
  experiment: base,
  place = PLAYGROUND,
  locked,
  initialPlan,
  initialName,
  onPlan,
  submitLabel = 'Start sweep',
  onClose,
}: SweepDialogProps) {
  const startSweep = useAppStore((s) => s.startSweep);
  const locks = useMemo(() => locksOf(base, locked), [base, locked]);
  const targets = useMemo(() => sweepTargets(base), [base]);
  const [draft, setDraft] = useState<PlanDraft>(() => {
    const name = initialName ?? datasetRefName(base.dataset);
    return initialPlan
      ? draftFromPlan(initialPlan, name)
      : defaultDraft(base, name, targets, locks);
  });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const check = useMemo(
    () => checkDraft(draft, base, targets, locks),
    [draft, base, targets, locks],
  );
  const metrics = metricsFor(base, draft.fields);
  const set = (patch: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setField = (i: number, field: FieldDraft) =>
    set({ fields: draft.fields.map((f, j) => (j === i ? field : f)) });
  const addable = draft.fields.length < MAX_FIELDS && nextField(targets, draft.fields, locks);

  const start = async () => {
    if (!check.plan) return;
    if (onPlan) {
      onPlan(check.plan);
      onClose();
      return;
    }
    setBusy(true);
    setFailure(null);
    const started = await startSweep({ name: draft.name.trim(), base, place, plan: check.plan });
    setBusy(false);
    if (!started.ok) {
      setFailure(started.error.message);
      return;
    }
    onClose();
    window.location.hash = sweepHash(started.value);
  };

  const lockedLabels = targets.filter((t) => lockedTarget(t.target, locks)).map((t) => t.label);
  const rungs = check.plan ? describeRungs(check.plan, base.config.epochs) : null;
  return (
    <Dialog
      title="Sweep"
      kicker="Train this experiment many times, varying a few settings"
      className="sweep-dialog"
      testId="sweep.dialog"
      initialFocus={nameRef}
      closeLabel="Cancel"
      closeTestId="sweep.cancel"
      canClose={!busy}
      onClose={onClose}
      actions={
        <button
          type="button"
          className="primary"
          data-testid="sweep.start"
          disabled={check.plan === null || busy}
          onClick={() => void start()}
        >
          {submitLabel}
        </button>
      }
    >
      <div className="field">
        <label htmlFor="sweep-name">Name</label>
        <input
          id="sweep-name"
          ref={nameRef}
          type="text"
          data-testid="sweep.name"
          value={draft.name}
          maxLength={200}
          onChange={(event) => set({ name: event.target.value })}
        />
      </div>
      {lockedLabels.length > 0 && (
        <p className="muted" data-testid="sweep.locked">
          Locked by the lesson, so not varied: {lockedLabels.join(', ')}.
        </p>
      )}
      <ol className="sweep-fields" aria-label="Fields to vary">
        {draft.fields.map((field, i) => (
          <FieldRow
            key={i}
            index={i}
            field={field}
            targets={targets}
            locks={locks}
            problem={check.fieldProblems[i] ?? null}
            onChange={(next) => setField(i, next)}
            onRemove={() => set({ fields: draft.fields.filter((_, j) => j !== i) })}
          />
        ))}
      </ol>
      <button
        type="button"
        data-testid="sweep.addField"
        disabled={!addable}
        onClick={() => {
          const next = nextField(targets, draft.fields, locks);
          if (next) set({ fields: [...draft.fields, next] });
        }}
      >
        Add a field
      </button>

      <div className="settings-grid sweep-settings">
        <SelectField
          label="Method"
          testId="sweep.method"
          value={draft.method}
          options={METHODS}
          onChange={(method) => set({ method })}
        />
        <SelectField
          label="Best run has the"
          testId="sweep.objective"
          value={draft.metric}
          options={metrics.map((m) => ({
            value: m,
            label: `${m.endsWith('Loss') ? 'lowest' : 'highest'} ${metricLabel(m)}`,
          }))}
          onChange={(metric) => set({ metric })}
        />
      </div>
      <MethodFields draft={draft} epochs={base.config.epochs} set={set} />
      <div className="settings-grid">
        <NumberField
          label="Max runs"
          value={draft.maxRuns}
          min={1}
          max={MAX_RUNS}
          integer
          testId="sweep.maxRuns"
          onChange={(maxRuns) => set({ maxRuns })}
        />
        <div className="field">
          <label htmlFor="sweep-minutes">Max minutes (empty: no limit)</label>
          <input
            id="sweep-minutes"
            type="text"
            inputMode="decimal"
            data-testid="sweep.maxMinutes"
            value={draft.maxMinutes}
            onChange={(event) => set({ maxMinutes: event.target.value })}
          />
        </div>
      </div>

      <p className="sweep-summary" data-testid="sweep.summary" aria-live="polite">
        {check.runs !== null
          ? `${counted(check.runs, 'run')} of up to ${base.config.epochs} epochs each${rungs ? ` (${rungs})` : ''}.`
          : ''}
      </p>
      {[...check.problems, ...(failure === null ? [] : [failure])].map((problem) => (
        <p key={problem} className="error" role="alert" data-testid="sweep.error">
          {problem}
        </p>
      ))}
    </Dialog>
  );
}
