/**
 * The validators of sweeps, whoever holds one: the Sweep dialog's plan, a notebook cell's plan, a
 * stored sweep with its queue. The shape is read field by field as bundles are (read-fields.ts);
 * then the plan is checked against the experiment it varies (checkSweepPlan): every field exists,
 * is not locked, and can take its values. Stored records of older formats are migrated first.
 */
import {
  isJsonObject,
  toJsonValueWith,
  type JsonObject,
  type JsonValue,
} from '../bundle/canonical';
import {
  at,
  fail,
  isoDate,
  keepUnknown,
  list,
  number,
  object,
  refusing,
  shown,
  text,
} from '../bundle/read-fields';
import { InvalidSweepError, StorageCorruptError } from '../errors';
import { PLAYGROUND, type Experiment, type ExperimentPlace } from '../experiment/experiment';
import { isLocked } from '../experiment/locks';
import { readStandaloneExperiment } from '../experiment/validate';
import { isRecord } from '../is-record';
import { err, ok, type Result } from '../result';
import { LIMITS } from '../train/config';
import { SWEEP_LIMITS as L } from './limits';
import {
  SWEEP_CONFIG_FIELDS,
  SWEEP_FORMAT,
  SWEEP_METRICS,
  type Sweep,
  type SweepField,
  type SweepMethod,
  type SweepObjective,
  type SweepPlan,
  type SweepRecord,
  type SweepStatus,
  type SweepTarget,
  type SweepValue,
  type SweepValues,
  type Trial,
  type TrialStatus,
} from './sweep';
import { applyValue, lockOf, sweepTargets, targetKey, targetLabel } from './targets';
import { valuesProblem } from './values';

function oneOf<T extends string>(
  value: JsonValue | undefined,
  options: readonly T[],
  path: string,
): T {
  const found = options.find((option) => option === value);
  return (
    found ??
    fail('invalid-field', path, `must be one of ${options.join(', ')}, not ${shown(value)}`)
  );
}

const ANY = Number.MAX_VALUE;

function readTarget(value: JsonValue | undefined, path: string): SweepTarget {
  const input = object(value, path);
  const kind = oneOf(at(input, 'kind'), ['config', 'layer', 'dataset', 'seed'], `${path}.kind`);
  switch (kind) {
    case 'config':
      return { kind, field: oneOf(at(input, 'field'), SWEEP_CONFIG_FIELDS, `${path}.field`) };
    case 'layer': {
      const route = list(at(input, 'path'), `${path}.path`, 4).map((i, n) =>
        number(i, `${path}.path[${n}]`, 0, 9999, true),
      );
      if (route.length === 0) fail('invalid-field', `${path}.path`, 'must hold a layer index');
      const settings = ['units', 'activation', 'rate'] as const;
      return {
        kind,
        path: route,
        setting: oneOf(at(input, 'setting'), settings, `${path}.setting`),
      };
    }
    case 'dataset':
      return { kind, param: oneOf(at(input, 'param'), ['noise', 'size'], `${path}.param`) };
    case 'seed':
      return { kind };
  }
}

function readValue(value: JsonValue | undefined, path: string): SweepValue {
  return typeof value === 'number' ? value : text(value, path, 1, L.valueLength);
}

function readValues(value: JsonValue | undefined, path: string): SweepValues {
  const input = object(value, path);
  const kind = oneOf(at(input, 'kind'), ['list', 'linear', 'log'], `${path}.kind`);
  const values: SweepValues =
    kind === 'list'
      ? {
          kind,
          values: list(at(input, 'values'), `${path}.values`, L.values).map((v, i) =>
            readValue(v, `${path}.values[${i}]`),
          ),
        }
      : {
          kind,
          from: number(at(input, 'from'), `${path}.from`, -ANY, ANY),
          to: number(at(input, 'to'), `${path}.to`, -ANY, ANY),
          count: number(at(input, 'count'), `${path}.count`, 2, L.values, true),
        };
  const problem = valuesProblem(values);
  return problem === null ? values : fail('invalid-field', path, `is not valid: ${problem}`);
}

function readMethod(value: JsonValue | undefined, path: string): SweepMethod {
  const input = object(value, path);
  const kind = oneOf(at(input, 'kind'), ['grid', 'random', 'halving'], `${path}.kind`);
  switch (kind) {
    case 'grid':
      return { kind };
    case 'random':
      return {
        kind,
        seed: number(at(input, 'seed'), `${path}.seed`, LIMITS.seed.min, LIMITS.seed.max, true),
        count: number(at(input, 'count'), `${path}.count`, 1, L.maxRuns, true),
      };
    case 'halving':
      return {
        kind,
        minEpochs: number(at(input, 'minEpochs'), `${path}.minEpochs`, 1, LIMITS.epochs.max, true),
        keep: number(at(input, 'keep'), `${path}.keep`, 0.01, 0.99),
      };
  }
}

function readObjective(value: JsonValue | undefined, path: string): SweepObjective {
  const input = object(value, path);
  return {
    metric: oneOf(at(input, 'metric'), SWEEP_METRICS, `${path}.metric`),
    goal: oneOf(at(input, 'goal'), ['min', 'max'], `${path}.goal`),
  };
}

const PLAN_FIELDS = ['fields', 'method', 'maxRuns', 'maxMinutes', 'objective'];

function readPlan(value: JsonValue | undefined, path: string): SweepPlan {
  const input = object(value, path);
  const here = `${path}.fields`;
  const fields: SweepField[] = list(at(input, 'fields'), here, L.fields).map((item, i) => {
    const field = object(item, `${here}[${i}]`);
    return {
      target: readTarget(at(field, 'target'), `${here}[${i}].target`),
      values: readValues(at(field, 'values'), `${here}[${i}].values`),
    };
  });
  if (fields.length === 0) fail('invalid-field', here, 'must name at least one field to vary');
  const keys = fields.map((field) => targetKey(field.target));
  const twice = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (twice >= 0) fail('invalid-field', `${here}[${twice}].target`, 'is varied twice');
  const minutes = at(input, 'maxMinutes');
  const plan: SweepPlan = {
    fields,
    method: readMethod(at(input, 'method'), `${path}.method`),
    maxRuns: number(at(input, 'maxRuns'), `${path}.maxRuns`, 1, L.maxRuns, true),
    maxMinutes: minutes === null ? null : number(minutes, `${path}.maxMinutes`, 0.1, L.maxMinutes),
    objective: readObjective(at(input, 'objective'), `${path}.objective`),
  };
  return keepUnknown(input, PLAN_FIELDS, plan);
}

const sweepRefusal = (path: string, problem: string) =>
  new InvalidSweepError(`The sweep is not valid: ${path || 'it'} ${problem}.`, path || 'sweep');

/** Reads untrusted JSON with `read`, refusals worded as the sweep's. */
function readJson<T>(input: unknown, read: (json: JsonValue) => T): Result<T, InvalidSweepError> {
  const json = toJsonValueWith(input, sweepRefusal);
  if (!json.ok) return json;
  return refusing(
    () => read(json.value),
    ({ path, problem }) => sweepRefusal(path, problem),
  );
}

/** A plan as untrusted JSON (a cell's, the dialog's) read, its shape only; never throws. */
export function validateSweepPlan(x: unknown): Result<SweepPlan, InvalidSweepError> {
  return readJson(x, (json) => readPlan(json, 'plan'));
}

/**
 * The values worth trying on the experiment: every name, and of numbers the least and the
 * greatest, as every numeric setting takes a range (between two values it takes, it takes all).
 */
function extremes(values: SweepValues): SweepValue[] {
  if (values.kind !== 'list') return [values.from, values.to];
  const names = values.values.filter((v) => typeof v === 'string');
  const numbers = values.values.filter((v) => typeof v === 'number');
  return numbers.length === 0 ? names : [...names, Math.min(...numbers), Math.max(...numbers)];
}

/**
 * Whether `plan` can vary `base`: each field is one the experiment has and does not lock, and
 * takes its values (see extremes); successive halving does not vary the
 * epochs it sets itself and starts below the experiment's epochs.
 */
export function checkSweepPlan(
  base: Experiment,
  plan: SweepPlan,
): Result<SweepPlan, InvalidSweepError> {
  const available = new Set(sweepTargets(base).map(({ target }) => targetKey(target)));
  for (const [i, field] of plan.fields.entries()) {
    const here = `plan.fields[${i}]`;
    const label = targetLabel(field.target, base);
    if (!available.has(targetKey(field.target))) {
      return err(
        new InvalidSweepError(`This experiment has no ${label} to vary.`, `${here}.target`),
      );
    }
    if (isLocked(base, lockOf(field.target))) {
      return err(
        new InvalidSweepError(
          `The ${label} is locked here; a sweep can vary only what the lesson leaves open.`,
          `${here}.target`,
        ),
      );
    }
    for (const value of extremes(field.values)) {
      const applied = applyValue(base, field.target, value);
      if (!applied.ok) return err(new InvalidSweepError(applied.error.message, `${here}.values`));
    }
  }
  const { method, objective } = plan;
  const varies = (key: string) => plan.fields.some((field) => targetKey(field.target) === key);
  if (method.kind === 'halving') {
    if (varies('config.epochs')) {
      return err(
        new InvalidSweepError(
          'Successive halving chooses how many epochs each run trains; vary something other than the epochs.',
          'plan.method',
        ),
      );
    }
    if (method.minEpochs >= base.config.epochs) {
      return err(
        new InvalidSweepError(
          `Successive halving's first round (${method.minEpochs} epochs) must be shorter than the experiment's ${base.config.epochs} epochs.`,
          'plan.method.minEpochs',
        ),
      );
    }
  }
  if (
    objective.metric.startsWith('validation') &&
    base.config.validationSplit === 0 &&
    !varies('config.validationSplit')
  ) {
    return err(
      new InvalidSweepError(
        'The sweep compares runs on validation data, but the experiment holds none out (its validation split is 0).',
        'plan.objective.metric',
      ),
    );
  }
  return ok(plan);
}

function readPlace(value: JsonValue | undefined, path: string): ExperimentPlace {
  const input = object(value, path);
  const kind = oneOf(at(input, 'kind'), ['playground', 'cell'], `${path}.kind`);
  if (kind === 'playground') return PLAYGROUND;
  return {
    kind,
    notebookId: text(at(input, 'notebookId'), `${path}.notebookId`, 1, L.idLength),
    cellId: text(at(input, 'cellId'), `${path}.cellId`, 1, L.idLength),
  };
}

const SWEEP_FIELDS = ['format', 'id', 'name', 'createdAt', 'base', 'place', 'plan'];

function readSweep(value: JsonValue | undefined, path: string): Sweep {
  const input = object(value, path);
  const format = number(at(input, 'format'), `${path}.format`, 1, Number.MAX_SAFE_INTEGER, true);
  if (format > SWEEP_FORMAT) {
    fail(
      'newer-version',
      `${path}.format`,
      `is ${format}: it was saved by a newer Gradlab; reload the page to update`,
    );
  }
  const sweep: Sweep = {
    format: SWEEP_FORMAT,
    id: text(at(input, 'id'), `${path}.id`, 1, L.idLength),
    name: text(at(input, 'name'), `${path}.name`, 1, L.nameLength),
    createdAt: isoDate(at(input, 'createdAt'), `${path}.createdAt`),
    base: readStandaloneExperiment(at(input, 'base'), `${path}.base`),
    place: readPlace(at(input, 'place'), `${path}.place`),
    plan: readPlan(at(input, 'plan'), `${path}.plan`),
  };
  return keepUnknown(input, SWEEP_FIELDS, sweep);
}

/** A sweep definition as untrusted JSON (a bundle's, a stored one's) read and checked; never throws. */
export function validateSweep(x: unknown): Result<Sweep, InvalidSweepError> {
  const read = readJson(x, (json) => readSweep(json, 'sweep'));
  if (!read.ok) return read;
  const checked = checkSweepPlan(read.value.base, read.value.plan);
  return checked.ok ? read : checked;
}

const TRIAL_STATUSES: readonly TrialStatus[] = ['pending', 'running', 'done', 'failed', 'pruned'];
const SWEEP_STATUSES: readonly SweepStatus[] = ['running', 'paused', 'stopped', 'done'];

const nullable = <T>(value: JsonValue | undefined, read: (value: JsonValue | undefined) => T) =>
  value === null ? null : read(value);

function readTrial(value: JsonValue | undefined, path: string, fields: number): Trial {
  const input = object(value, path);
  const values = list(at(input, 'values'), `${path}.values`, L.fields).map((v, i) =>
    readValue(v, `${path}.values[${i}]`),
  );
  if (values.length !== fields) {
    fail('invalid-field', `${path}.values`, `holds ${values.length} values for ${fields} fields`);
  }
  const epochs = LIMITS.epochs.max;
  return {
    id: text(at(input, 'id'), `${path}.id`, 1, L.idLength),
    runId: text(at(input, 'runId'), `${path}.runId`, 1, L.idLength),
    values,
    status: oneOf(at(input, 'status'), TRIAL_STATUSES, `${path}.status`),
    epochsDone: number(at(input, 'epochsDone'), `${path}.epochsDone`, 0, epochs, true),
    targetEpochs: number(at(input, 'targetEpochs'), `${path}.targetEpochs`, 1, epochs, true),
    metric: nullable(at(input, 'metric'), (v) => number(v, `${path}.metric`, -ANY, ANY)),
    error: nullable(at(input, 'error'), (v) => text(v, `${path}.error`, 0, 2000)),
  };
}

/** `MIGRATIONS[n - 1]` takes a stored record of format n (its sweep's `format`) to format n + 1. */
const MIGRATIONS: readonly ((record: JsonObject) => JsonObject)[] = [];

/** The format a stored record says it has: its sweep's; a record without one is format 1. */
function formatOf(record: JsonObject): number {
  const sweep = at(record, 'sweep');
  const format = isJsonObject(sweep) ? at(sweep, 'format') : undefined;
  return typeof format === 'number' && Number.isInteger(format) && format >= 1 ? format : 1;
}

function readRecord(value: JsonValue): SweepRecord {
  let input = object(value, 'record');
  for (let from = formatOf(input); from < SWEEP_FORMAT; from++) {
    input = MIGRATIONS[from - 1]?.(input) ?? input;
  }
  const sweep = readSweep(at(input, 'sweep'), 'sweep');
  const fields = sweep.plan.fields.length;
  const trials = list(at(input, 'trials'), 'trials', L.maxRuns).map((t, i) =>
    readTrial(t, `trials[${i}]`, fields),
  );
  const ids = trials.map((trial) => trial.id);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) fail('invalid-field', `trials[${twice}].id`, "is another trial's id too");
  return {
    sweep,
    trials,
    status: oneOf(at(input, 'status'), SWEEP_STATUSES, 'status'),
    rung: number(at(input, 'rung'), 'rung', 0, 64, true),
    runningMs: number(at(input, 'runningMs'), 'runningMs', 0, ANY),
    updatedAt: isoDate(at(input, 'updatedAt'), 'updatedAt'),
    note: nullable(at(input, 'note'), (v) => text(v, 'note', 0, 2000)),
  };
}

/**
 * A stored sweep record read (and migrated) from storage, or why it cannot be; never throws. The
 * queue is read as it was stored: trials a closed page left `running` stay so (recoverSweep in
 * queue.ts sends them back to the queue). Only its shape is checked, not its plan against the
 * experiment (checkSweepPlan): that held when it was made, and a value a later Gradlab refuses
 * fails its trial when launched rather than hiding the whole sweep and its results.
 */
export function parseSweepRecord(x: unknown): Result<SweepRecord, StorageCorruptError> {
  const read = readJson(x, readRecord);
  if (read.ok) return read;
  const id =
    isRecord(x) && isRecord(x.sweep) && typeof x.sweep.id === 'string' ? x.sweep.id : '(no id)';
  const why = read.error.message.replace(/^The sweep is not valid: /, '');
  return err(new StorageCorruptError(`The saved sweep ${id} cannot be read: ${why}`));
}
