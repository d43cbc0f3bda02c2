/**
 * The Sweep dialog's form as the user edits it (texts, as typed) and its check: each field's
 * values parsed, the plan checked against the experiment (core/sweep's checkSweepPlan tries the
 * values on it), and the plan that results or what stands in its way, each problem at the field
 * that causes it where it has one.
 */
import type { Experiment } from '../../core/experiment/experiment';
import { isLocked } from '../../core/experiment/locks';
import { defaultObjective } from '../../core/sweep/objective';
import { gridSize, halvingRungs } from '../../core/sweep/plan';
import type {
  SweepField,
  SweepMethod,
  SweepMetric,
  SweepPlan,
  SweepTarget,
  SweepValue,
} from '../../core/sweep/sweep';
import { lockOf, targetKey } from '../../core/sweep/targets';
import { checkSweepPlan, validateSweepPlan } from '../../core/sweep/validate';
import { formatValues, parseValues } from '../../core/sweep/values';

/** A field the experiment allows varying, as `sweepTargets` lists it. */
export interface TargetOption {
  target: SweepTarget;
  label: string;
  current: SweepValue;
}

export interface FieldDraft {
  /** `targetKey` of the chosen field. */
  key: string;
  /** The values as typed: `0.001, 0.01`, `0.001..0.1 x5`, `log 0.0001..0.1 x4`. */
  text: string;
}

export type MethodKind = SweepMethod['kind'];

export interface PlanDraft {
  name: string;
  fields: FieldDraft[];
  method: MethodKind;
  /** Random: how many draws, from which seed. */
  count: number;
  seed: number;
  /** Halving: epochs of the first rung, and the share kept at each rung. */
  minEpochs: number;
  keep: number;
  maxRuns: number;
  /** Typed minutes; empty for no limit. */
  maxMinutes: string;
  metric: SweepMetric;
}

export interface DraftCheck {
  plan: SweepPlan | null;
  /** Per field, why it cannot be swept as typed; null where it can. */
  fieldProblems: (string | null)[];
  /** Problems of the plan as a whole (the method, the caps, the validator's last word). */
  problems: string[];
  /** Runs the plan starts with (before any halving), when it is valid. */
  runs: number | null;
}

export const MAX_RUNS = 500;
export const KEEP_CHOICES = [
  { value: 0.5, label: 'the best half' },
  { value: 1 / 3, label: 'the best third' },
  { value: 0.25, label: 'the best quarter' },
] as const;

const METRIC_LABELS: Record<SweepMetric, string> = {
  validationLoss: 'validation loss',
  validationAccuracy: 'validation accuracy',
  trainLoss: 'training loss',
  trainAccuracy: 'training accuracy',
};

export const metricLabel = (metric: SweepMetric): string => METRIC_LABELS[metric];

/** Losses go down as a model gets better, accuracies up. */
export const goalOf = (metric: SweepMetric): 'min' | 'max' =>
  metric.endsWith('Loss') ? 'min' : 'max';

/**
 * The metrics the experiment reports: validation ones only with a validation split (or one being
 * swept), accuracy only for a loss over classes.
 */
export function metricsFor(base: Experiment, fields: readonly FieldDraft[]): SweepMetric[] {
  const validation =
    base.config.validationSplit > 0 || fields.some((f) => f.key === 'config.validationSplit');
  const accuracy =
    base.config.loss === 'categoricalCrossentropy' ||
    base.config.loss === 'sparseCategoricalCrossentropy';
  return (Object.keys(METRIC_LABELS) as SweepMetric[]).filter(
    (m) => (validation || !m.startsWith('validation')) && (accuracy || m.endsWith('Loss')),
  );
}

const nice = (x: number): number => Number(x.toPrecision(2));

/** Values to start from for a field: around its current value, or the usual choices. */
export function suggestValues(option: TargetOption): string {
  const { target, current } = option;
  const list = (values: SweepValue[]) => formatValues({ kind: 'list', values });
  if (target.kind === 'seed') return list([1, 2, 3]);
  if (target.kind === 'layer' && target.setting === 'activation') {
    return list([...new Set([String(current), 'relu', 'tanh'])]);
  }
  if (target.kind === 'layer' && target.setting === 'rate') return list([0, 0.2, 0.5]);
  if (target.kind === 'config' && target.field === 'optimizer') {
    return list([...new Set([String(current), 'sgd', 'adam'])]);
  }
  if (target.kind === 'config' && target.field === 'validationSplit') return list([0.1, 0.2, 0.3]);
  if (typeof current !== 'number') return list([current]);
  const whole =
    (target.kind === 'layer' && target.setting === 'units') ||
    (target.kind === 'dataset' && target.param === 'size') ||
    (target.kind === 'config' && (target.field === 'batchSize' || target.field === 'epochs'));
  if (whole) {
    return list([...new Set([Math.max(1, Math.round(current / 2)), current, current * 2])]);
  }
  if (current === 0) return list([0, 0.001, 0.01]);
  // A rate spans decades: a tenth, as is, ten times.
  return list([nice(current / 10), current, nice(current * 10)]);
}

/** The first field not yet swept nor locked. */
export function nextField(
  targets: readonly TargetOption[],
  fields: readonly FieldDraft[],
  locks: readonly string[],
): FieldDraft | null {
  const free = targets.find(
    (t) => !fields.some((f) => f.key === targetKey(t.target)) && !lockedTarget(t.target, locks),
  );
  return free ? { key: targetKey(free.target), text: suggestValues(free) } : null;
}

/** Whether a lesson's lock keeps this field as the author set it. */
export const lockedTarget = (target: SweepTarget, locks: readonly string[]): boolean =>
  isLocked({ locks: [...locks] }, lockOf(target));

/** The locks a dialog keeps: the lesson's it was given and the experiment's own. */
export const locksOf = (base: Experiment, locked: Iterable<string> = []): string[] => [
  ...new Set([...locked, ...(base.locks ?? [])]),
];

/** Where the dialog starts: the learning rate (or the first free field), grid, the validation loss. */
export function defaultDraft(
  base: Experiment,
  name: string,
  targets: readonly TargetOption[],
  locks: readonly string[],
): PlanDraft {
  const rate = targets.find((t) => targetKey(t.target) === 'config.learningRate');
  const first =
    rate && !lockedTarget(rate.target, locks)
      ? { key: targetKey(rate.target), text: suggestValues(rate) }
      : nextField(targets, [], locks);
  return {
    name,
    fields: first ? [first] : [],
    method: 'grid',
    count: 10,
    seed: 1,
    minEpochs: Math.max(1, Math.floor(base.config.epochs / 8)),
    keep: 0.5,
    maxRuns: 100,
    maxMinutes: '',
    metric: defaultObjective(base).metric,
  };
}

/** The form showing a plan (an author's sweep cell, or a sweep being repeated). */
export function draftFromPlan(plan: SweepPlan, name: string): PlanDraft {
  const { method } = plan;
  return {
    name,
    fields: plan.fields.map((f) => ({ key: targetKey(f.target), text: formatValues(f.values) })),
    method: method.kind,
    count: method.kind === 'random' ? method.count : 10,
    seed: method.kind === 'random' ? method.seed : 1,
    minEpochs: method.kind === 'halving' ? method.minEpochs : 1,
    keep: method.kind === 'halving' ? method.keep : 0.5,
    maxRuns: plan.maxRuns,
    maxMinutes: plan.maxMinutes === null ? '' : String(plan.maxMinutes),
    metric: plan.objective.metric,
  };
}

function checkField(
  field: FieldDraft,
  index: number,
  fields: readonly FieldDraft[],
  targets: readonly TargetOption[],
  locks: readonly string[],
): { problem: string } | { field: SweepField } {
  const option = targets.find((t) => targetKey(t.target) === field.key);
  if (!option) return { problem: 'Choose a field to vary.' };
  if (fields.findIndex((f) => f.key === field.key) !== index) {
    return { problem: `${option.label} is already varied above.` };
  }
  if (lockedTarget(option.target, locks)) {
    return { problem: `${option.label} is locked by the lesson.` };
  }
  const parsed = parseValues(field.text);
  if (!parsed.ok) return { problem: parsed.error.message };
  return { field: { target: option.target, values: parsed.value } };
}

/** The field a plan's problem is about (`plan.fields[2].values`), if any. */
const fieldIndexOf = (path: string): number | null => {
  const match = /^plan\.fields\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : null;
};

function methodOf(draft: PlanDraft): SweepMethod {
  switch (draft.method) {
    case 'grid':
      return { kind: 'grid' };
    case 'random':
      return { kind: 'random', seed: draft.seed, count: draft.count };
    case 'halving':
      return { kind: 'halving', minEpochs: draft.minEpochs, keep: draft.keep };
  }
}

/** Runs a valid plan starts: every combination, or the draws, up to the cap on runs. */
export function plannedRuns(plan: SweepPlan): number {
  const all = plan.method.kind === 'random' ? plan.method.count : gridSize(plan);
  return Math.min(all, plan.maxRuns);
}

export function checkDraft(
  draft: PlanDraft,
  base: Experiment,
  targets: readonly TargetOption[],
  locks: readonly string[],
): DraftCheck {
  const checked = draft.fields.map((f, i) => checkField(f, i, draft.fields, targets, locks));
  const fieldProblems = checked.map((c) => ('problem' in c ? c.problem : null));
  const problems: string[] = [];
  if (draft.fields.length === 0) problems.push('Add a field to vary.');
  if (draft.name.trim() === '') problems.push('Give the sweep a name.');
  const minutes = draft.maxMinutes.trim();
  const maxMinutes = minutes === '' ? null : Number(minutes);
  if (maxMinutes !== null && !(Number.isFinite(maxMinutes) && maxMinutes > 0)) {
    problems.push('Max minutes: enter a number above 0, or leave it empty for no limit.');
  }
  if (!metricsFor(base, draft.fields).includes(draft.metric)) {
    problems.push(`This experiment does not report the ${metricLabel(draft.metric)}.`);
  }
  if (fieldProblems.some((p) => p !== null) || problems.length > 0) {
    return { plan: null, fieldProblems, problems, runs: null };
  }
  const candidate: SweepPlan = {
    fields: checked.flatMap((c) => ('field' in c ? [c.field] : [])),
    method: methodOf(draft),
    maxRuns: draft.maxRuns,
    maxMinutes,
    objective: { metric: draft.metric, goal: goalOf(draft.metric) },
  };
  // The shape first, then the plan against the experiment: each field's values tried on it.
  const shaped = validateSweepPlan(candidate);
  const valid = shaped.ok ? checkSweepPlan(base, shaped.value) : shaped;
  if (!valid.ok) {
    const at = fieldIndexOf(valid.error.field);
    if (at === null)
      return { plan: null, fieldProblems, problems: [valid.error.message], runs: null };
    const atField = fieldProblems.map((p, i) => (i === at ? valid.error.message : p));
    return { plan: null, fieldProblems: atField, problems, runs: null };
  }
  return { plan: valid.value, fieldProblems, problems, runs: plannedRuns(valid.value) };
}

/** Successive halving's rungs for a plan, in words: "9 runs × 5 epochs, 4 × 10, 2 × 20". */
export function describeRungs(plan: SweepPlan, epochs: number): string | null {
  if (plan.method.kind !== 'halving') return null;
  const rungs = halvingRungs(plannedRuns(plan), plan.method.minEpochs, plan.method.keep, epochs);
  return rungs
    .map((r, i) =>
      i === 0 ? `${r.trials} runs × ${r.epochs} epochs` : `${r.trials} × ${r.epochs}`,
    )
    .join(', then ');
}
