/**
 * What an author can lock in an experiment, and the rule that keeps it locked: a student's edit is
 * taken field by field, and every locked field is put back from the lesson's experiment. The rule
 * is applied to every edit (edit.ts), so it holds however the edit was made.
 *
 * `locks` may hold names a newer Gradlab wrote: they are kept and lock nothing here.
 */
import { canonicalJson } from '../bundle/canonical';
import { BUNDLE_LIMITS } from '../bundle/schema';
import type { TrainConfig } from '../train/config';
import type { Experiment } from './experiment';

export { isViewShown, NOTEBOOK_VIEWS, toggleView, type NotebookView } from './views';

export type ConfigField = keyof TrainConfig;
export type LockableField = 'dataset' | 'model' | `config.${ConfigField}`;

/** A Record, so adding a TrainConfig field without a label here fails to compile. */
const CONFIG_LABELS: Record<ConfigField, string> = {
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  schedule: 'Learning-rate schedule',
  loss: 'Loss',
  l1: 'L1 penalty',
  l2: 'L2 penalty',
  clipNorm: 'Clip gradients (global norm)',
  weightDecay: 'Weight decay',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  validationSplit: 'Validation split',
  seed: 'Seed',
};

export const CONFIG_FIELDS: readonly ConfigField[] = Object.keys(CONFIG_LABELS) as ConfigField[];

export const LOCKABLE_FIELDS: readonly { field: LockableField; label: string }[] = [
  { field: 'dataset', label: 'Dataset' },
  { field: 'model', label: 'Model (layers)' },
  ...CONFIG_FIELDS.map((name) => ({
    field: `config.${name}` as const,
    label: CONFIG_LABELS[name],
  })),
];

export const isLockableField = (name: string): name is LockableField =>
  LOCKABLE_FIELDS.some((f) => f.field === name);

interface HasLocks {
  locks?: string[];
}

/** Any name may be asked about; one this Gradlab does not know locks nothing. */
export const isLocked = (locked: HasLocks, field: string): boolean =>
  isLockableField(field) && (locked.locks?.includes(field) ?? false);

export function lockedConfigFields(locked: HasLocks): Set<ConfigField> {
  return new Set(CONFIG_FIELDS.filter((name) => isLocked(locked, `config.${name}`)));
}

/**
 * `locked` with `field` unlocked if it was locked, else locked. The last lock removed drops the
 * `locks` list, as an experiment without one locks nothing; a full list is kept as it is.
 */
export function toggleLock<T extends HasLocks>(locked: T, field: LockableField): T {
  const locks = locked.locks ?? [];
  if (locks.includes(field)) {
    const rest = locks.filter((name) => name !== field);
    if (rest.length > 0) return { ...locked, locks: rest };
    const unlocked = { ...locked };
    delete unlocked.locks;
    return unlocked;
  }
  return locks.length >= BUNDLE_LIMITS.locks ? locked : { ...locked, locks: [...locks, field] };
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function putBack<K extends ConfigField>(
  config: Required<TrainConfig>,
  lesson: Required<TrainConfig>,
  name: K,
): void {
  config[name] = lesson[name];
}

/**
 * `edited` with every field the lesson locks put back to the lesson's value, and its views and
 * locks always the lesson's (a student cannot unlock or hide anything). `refused` names the locked
 * fields the edit changed, in LOCKABLE_FIELDS order.
 */
export function applyStudentEdit(
  lesson: Experiment,
  edited: Experiment,
): { experiment: Experiment; refused: LockableField[] } {
  const refused: LockableField[] = [];
  const experiment: Experiment = { ...edited, views: [...lesson.views] };
  if (lesson.locks === undefined) delete experiment.locks;
  else experiment.locks = [...lesson.locks];
  if (isLocked(lesson, 'dataset')) {
    if (!same(edited.dataset, lesson.dataset)) refused.push('dataset');
    experiment.dataset = lesson.dataset;
  }
  if (isLocked(lesson, 'model')) {
    if (!same(edited.model, lesson.model)) refused.push('model');
    experiment.model = lesson.model;
  }
  const locked = lockedConfigFields(lesson);
  if (locked.size > 0) {
    const config = { ...edited.config };
    for (const name of CONFIG_FIELDS) {
      if (!locked.has(name)) continue;
      if (!same(edited.config[name], lesson.config[name])) refused.push(`config.${name}`);
      putBack(config, lesson.config, name);
    }
    experiment.config = config;
  }
  return { experiment, refused };
}
