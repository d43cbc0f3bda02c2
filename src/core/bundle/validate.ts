/**
 * validateBundle: untrusted input (parsed JSON of a link or a file) to a Bundle of the current
 * schema, or a BundleError that names the field at fault. It never throws and never executes
 * anything: the input is first copied by toJsonValue (bounded, iterative), migrated, then checked
 * field by field on that copy.
 *
 * Unknown fields are kept where they were, so saving an opened bundle loses nothing a newer
 * Gradlab wrote. Models, configs and dataset refs come from their own validators (which keep only
 * what they know and fill in defaults), with the input's other fields laid back over them.
 *
 * Field checks come from read-fields.ts (shared with the other validators of untrusted JSON), and
 * an experiment cell's fields from the experiment's own validator.
 */
import { checkDownloadUrl } from '../data/catalog';
import type { DatasetRef } from '../data/dataset';
import type { BundleError } from '../errors';
import type { Experiment } from '../experiment/experiment';
import { readDatasetRef, readExperiment } from '../experiment/validate';
import { lockedSweepFields } from '../notebook/sweep-cell';
import type { SweepPlan } from '../sweep/sweep';
import { validateSweepPlan } from '../sweep/validate';
import { isSha256Hex } from '../hash';
import { BACKENDS, type BackendName } from '../protocol';
import type { Result } from '../result';
import { LIMITS } from '../train/config';
import { childPath, setOwn, type JsonObject, type JsonValue } from './canonical';
import {
  at,
  bundleRefusal,
  config,
  fail,
  idField,
  isoDate,
  keepUnknown,
  list,
  number,
  object,
  overlay,
  readEpochs,
  refusing,
  shown,
  type Refusal,
  spec,
  text,
} from './read-fields';
import { migrate } from './migrations';
import {
  BUNDLE_LIMITS as L,
  BUNDLE_TYPE,
  DTYPE_BYTES,
  SCHEMA_VERSION,
  WEIGHT_DTYPES,
  type Bundle,
  type BundleWeights,
  type Cell,
  type ExperimentCell,
  type InlineWeights,
  type Notebook,
  type RemoteWeights,
  type RunRecord,
  type RunTrial,
  type WeightDtype,
  type WeightSpec,
} from './schema';

export interface ValidateOptions {
  /** A stored draft: its text cells may run to draftMarkdownLength while being edited. */
  draft?: boolean;
  /**
   * How a refusal is worded: as a bundle from elsewhere ("may be damaged") unless this is the
   * user's own notebook being saved or shared.
   */
  refuse?: (refusal: Refusal) => BundleError;
}

export function validateBundle(
  input: unknown,
  { draft = false, refuse = bundleRefusal }: ValidateOptions = {},
): Result<Bundle, BundleError> {
  const migrated = migrate(input);
  if (!migrated.ok) return migrated;
  const markdownLength = draft ? L.draftMarkdownLength : L.markdownLength;
  return refusing(() => readBundle(migrated.value, markdownLength), refuse);
}

/** A key of `record` (a null-prototype map), so `toString` never counts as present. */
function key(value: JsonValue | undefined, path: string, record: object, what: string): string {
  const name = text(value, path, 1, L.idLength);
  return Object.hasOwn(record, name)
    ? name
    : fail(
        'dangling-key',
        path,
        `names the ${what} ${shown(name)}, which this bundle does not hold`,
      );
}

const BUNDLE_FIELDS = [
  'type',
  'schemaVersion',
  'id',
  'parent',
  'version',
  'createdAt',
  'app',
  'notebook',
  'datasets',
  'runs',
  'weights',
];

function readBundle(input: JsonObject, markdownLength: number): Bundle {
  const id = idField(at(input, 'id'), 'id');
  const parent = at(input, 'parent');
  const version = number(at(input, 'version'), 'version', 1, Number.MAX_SAFE_INTEGER, true);
  const createdAt = isoDate(at(input, 'createdAt'), 'createdAt');
  const app = object(at(input, 'app'), 'app');
  const appVersion = text(at(app, 'version'), 'app.version', 1, L.appVersionLength);
  const datasets = readDatasets(at(input, 'datasets'));
  const weightsInput = at(input, 'weights');
  const weights = weightsInput === undefined ? undefined : readWeights(weightsInput);
  const notebook = readNotebook(at(input, 'notebook'), datasets, markdownLength);
  const bundle: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id,
    parent: parent === null ? null : idField(parent, 'parent'),
    version,
    createdAt,
    app: keepUnknown(app, ['version'], { version: appVersion }),
    notebook,
    datasets,
    runs: readRuns(at(input, 'runs'), notebook.cells, datasets, weights ?? {}),
  };
  if (weights !== undefined) bundle.weights = weights;
  return keepUnknown(input, BUNDLE_FIELDS, bundle);
}

function readDatasets(value: JsonValue | undefined): Record<string, DatasetRef> {
  const input = object(value, 'datasets');
  const entries = Object.entries(input);
  if (entries.length > L.datasets) {
    fail(
      'too-large',
      'datasets',
      `holds ${entries.length} datasets; at most ${L.datasets} are allowed`,
    );
  }
  const out = Object.create(null) as Record<string, DatasetRef>;
  for (const [name, ref] of entries) {
    const path = childPath('datasets', name);
    text(name, `the key of ${path}`, 1, L.idLength);
    setOwn(out, name, readDatasetRef(ref, path));
  }
  return out;
}

const NOTEBOOK_FIELDS = ['title', 'authors', 'cells'];

function readNotebook(
  value: JsonValue | undefined,
  datasets: Record<string, DatasetRef>,
  markdownLength: number,
): Notebook {
  const input = object(value, 'notebook');
  const authors = list(at(input, 'authors'), 'notebook.authors', L.authors).map((author, i) =>
    text(author, `notebook.authors[${i}]`, 1, L.authorLength),
  );
  const ids = new Set<string>();
  const cells = list(at(input, 'cells'), 'notebook.cells', L.cells).map((cell, i) => {
    const read = readCell(cell, `notebook.cells[${i}]`, datasets, markdownLength);
    if (ids.has(read.id)) {
      fail(
        'duplicate-id',
        `notebook.cells[${i}].id`,
        `repeats the id ${shown(read.id)} of an earlier cell`,
      );
    }
    ids.add(read.id);
    return read;
  });
  const title = text(at(input, 'title'), 'notebook.title', 0, L.titleLength);
  return keepUnknown(input, NOTEBOOK_FIELDS, { title, authors, cells });
}

const MARKDOWN_FIELDS = ['type', 'id', 'text'];
const CELL_FIELDS = ['type', 'id', 'sweep'];

function readCell(
  value: JsonValue,
  path: string,
  datasets: Record<string, DatasetRef>,
  markdownLength: number,
): Cell {
  const input = object(value, path);
  const id = text(at(input, 'id'), `${path}.id`, 1, L.idLength);
  const type = at(input, 'type');
  if (type === 'markdown') {
    const markdown = text(at(input, 'text'), `${path}.text`, 0, markdownLength);
    return keepUnknown(input, MARKDOWN_FIELDS, { type, id, text: markdown });
  }
  if (type !== 'experiment') {
    fail('invalid-field', `${path}.type`, `must be "markdown" or "experiment", not ${shown(type)}`);
  }
  const dataset = key(at(input, 'dataset'), `${path}.dataset`, datasets, 'dataset');
  const experiment = readExperiment(input, path, datasets[dataset] as DatasetRef, CELL_FIELDS);
  const cell: ExperimentCell = { ...experiment, type, id, dataset };
  const sweep = at(input, 'sweep');
  if (sweep !== undefined) cell.sweep = readSweepPlan(sweep, `${path}.sweep`, experiment);
  return cell;
}

/** A sweep cell's plan, which may vary only what the cell leaves its reader free to change. */
function readSweepPlan(value: JsonValue, path: string, experiment: Experiment): SweepPlan {
  const plan = validateSweepPlan(value);
  if (!plan.ok) {
    const why = plan.error.message.replace(/\.$/, '');
    fail('invalid-field', path, `is not a sweep Gradlab can run (${why})`);
  }
  for (const { index, lock } of lockedSweepFields(plan.value, experiment)) {
    fail(
      'invalid-field',
      `${path}.fields[${index}]`,
      `varies ${lock}, which the cell locks (a sweep may vary only what its reader may change)`,
    );
  }
  return overlay(plan.value, value);
}

/** A sweep run's values: one per field of its cell's plan, numbers or short names. */
function readTrial(value: JsonValue, path: string, cell: ExperimentCell | undefined): RunTrial {
  const input = object(value, path);
  if (cell?.sweep === undefined) {
    fail('dangling-key', path, 'is a sweep run of a cell that holds no sweep');
  }
  const fields = cell.sweep.fields.length;
  const values = list(at(input, 'values'), `${path}.values`, fields).map((item, i) =>
    typeof item === 'number'
      ? number(item, `${path}.values[${i}]`, -Number.MAX_VALUE, Number.MAX_VALUE)
      : text(item, `${path}.values[${i}]`, 1, L.idLength),
  );
  if (values.length !== fields) {
    fail(
      'invalid-field',
      `${path}.values`,
      `must hold one value for each of the plan's ${fields} fields`,
    );
  }
  return keepUnknown(input, TRIAL_FIELDS, { values });
}

const RUN_FIELDS = [
  'id',
  'cellId',
  'datasetKey',
  'spec',
  'config',
  'backend',
  'adapter',
  'seed',
  'epochs',
  'durationMs',
  'samplesPerSec',
  'appVersion',
  'createdAt',
  'weightsKey',
  'sweep',
];
const TRIAL_FIELDS = ['values'];

function readRuns(
  value: JsonValue | undefined,
  cells: readonly Cell[],
  datasets: Record<string, DatasetRef>,
  weights: Record<string, BundleWeights>,
): RunRecord[] {
  const experiments = Object.create(null) as Record<string, ExperimentCell>;
  for (const cell of cells) if (cell.type === 'experiment') setOwn(experiments, cell.id, cell);
  const ids = new Set<string>();
  return list(value, 'runs', L.runs).map((run, i) => {
    const path = `runs[${i}]`;
    const input = object(run, path);
    const id = text(at(input, 'id'), `${path}.id`, 1, L.idLength);
    if (ids.has(id)) {
      fail('duplicate-id', `${path}.id`, `repeats the id ${shown(id)} of an earlier run`);
    }
    ids.add(id);
    const backend = at(input, 'backend');
    if (!BACKENDS.includes(backend as BackendName)) {
      fail(
        'invalid-field',
        `${path}.backend`,
        `must be one of ${BACKENDS.join(', ')}, not ${shown(backend)}`,
      );
    }
    const adapter = at(input, 'adapter');
    const record: RunRecord = {
      id,
      cellId: key(at(input, 'cellId'), `${path}.cellId`, experiments, 'experiment cell'),
      datasetKey: key(at(input, 'datasetKey'), `${path}.datasetKey`, datasets, 'dataset'),
      spec: spec(at(input, 'spec'), `${path}.spec`),
      config: config(at(input, 'config'), `${path}.config`),
      backend: backend as BackendName,
      adapter: adapter === null ? null : text(adapter, `${path}.adapter`, 0, L.titleLength),
      seed: number(at(input, 'seed'), `${path}.seed`, LIMITS.seed.min, LIMITS.seed.max, true),
      epochs: readEpochs(at(input, 'epochs'), `${path}.epochs`),
      durationMs: number(at(input, 'durationMs'), `${path}.durationMs`, 0, Number.MAX_VALUE),
      samplesPerSec: number(
        at(input, 'samplesPerSec'),
        `${path}.samplesPerSec`,
        0,
        Number.MAX_VALUE,
      ),
      appVersion: text(at(input, 'appVersion'), `${path}.appVersion`, 1, L.appVersionLength),
      createdAt: isoDate(at(input, 'createdAt'), `${path}.createdAt`),
    };
    const weightsKey = at(input, 'weightsKey');
    if (weightsKey !== undefined) {
      record.weightsKey = key(weightsKey, `${path}.weightsKey`, weights, 'weights');
    }
    const trial = at(input, 'sweep');
    if (trial !== undefined) {
      record.sweep = readTrial(trial, `${path}.sweep`, experiments[record.cellId]);
    }
    return keepUnknown(input, RUN_FIELDS, record);
  });
}

const INLINE_WEIGHT_FIELDS = ['format', 'modelTopology', 'weightSpecs', 'data'];
const REMOTE_WEIGHT_FIELDS = ['url', 'sha256'];
const WEIGHT_SPEC_FIELDS = ['name', 'shape', 'dtype'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readWeights(value: JsonValue): Record<string, BundleWeights> {
  const input = object(value, 'weights');
  const entries = Object.entries(input);
  if (entries.length > L.runs) {
    fail('too-large', 'weights', `holds ${entries.length} entries; at most ${L.runs} are allowed`);
  }
  const out = Object.create(null) as Record<string, BundleWeights>;
  let totalBytes = 0;
  for (const [name, entry] of entries) {
    const path = childPath('weights', name);
    text(name, `the key of ${path}`, 1, L.idLength);
    const weights = object(entry, path);
    if (!Object.hasOwn(weights, 'format')) {
      setOwn(out, name, readRemoteWeights(weights, path));
      continue;
    }
    const inline = readInlineWeights(weights, path);
    totalBytes += inline.bytes;
    if (totalBytes > L.weightBytes) {
      fail('too-large', 'weights', `hold more than ${L.weightBytes} bytes in all`);
    }
    setOwn(out, name, inline.weights);
  }
  return out;
}

function readRemoteWeights(input: JsonObject, path: string): RemoteWeights {
  const url = text(at(input, 'url'), `${path}.url`, 1, L.urlLength);
  const checked = checkDownloadUrl(url);
  if (!checked.ok) fail('invalid-field', `${path}.url`, `cannot be fetched: ${checked.why}`);
  const sha256 = at(input, 'sha256');
  if (typeof sha256 !== 'string' || !isSha256Hex(sha256)) {
    fail('invalid-field', `${path}.sha256`, 'must be 64 lower-case hex digits');
  }
  return keepUnknown(input, REMOTE_WEIGHT_FIELDS, { url, sha256 });
}

/** The weights and the bytes their data decodes to, which must be what their specs declare. */
function readInlineWeights(
  input: JsonObject,
  path: string,
): { weights: InlineWeights; bytes: number } {
  const format = at(input, 'format');
  if (format !== 'tfjs-layers') {
    fail('invalid-field', `${path}.format`, `must be "tfjs-layers", not ${shown(format)}`);
  }
  const weightSpecs = list(at(input, 'weightSpecs'), `${path}.weightSpecs`, L.weightSpecs).map(
    (item, i) => readWeightSpec(item, `${path}.weightSpecs[${i}]`),
  );
  const data = at(input, 'data');
  if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
    fail('invalid-field', `${path}.data`, 'must be padded standard base64 text');
  }
  const bytes = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  let declared = 0;
  for (const { shape, dtype } of weightSpecs) {
    declared += shape.reduce((n, d) => n * d, 1) * DTYPE_BYTES[dtype];
    if (declared > L.weightBytes) {
      fail('too-large', `${path}.weightSpecs`, `declare more than ${L.weightBytes} bytes`);
    }
  }
  if (bytes !== declared) {
    fail(
      'weights-mismatch',
      `${path}.data`,
      `holds ${bytes} bytes, but its weightSpecs declare ${declared}`,
    );
  }
  const weights: InlineWeights = { format, weightSpecs, data };
  const topology = at(input, 'modelTopology');
  if (topology !== undefined) weights.modelTopology = topology;
  return { weights: keepUnknown(input, INLINE_WEIGHT_FIELDS, weights), bytes };
}

function readWeightSpec(value: JsonValue, path: string): WeightSpec {
  const input = object(value, path);
  const dtype = at(input, 'dtype');
  if (!WEIGHT_DTYPES.includes(dtype as WeightDtype)) {
    fail(
      'invalid-field',
      `${path}.dtype`,
      `must be one of ${WEIGHT_DTYPES.join(', ')}, not ${shown(dtype)}`,
    );
  }
  return keepUnknown(input, WEIGHT_SPEC_FIELDS, {
    name: text(at(input, 'name'), `${path}.name`, 1, L.titleLength),
    shape: list(at(input, 'shape'), `${path}.shape`, L.weightRank).map((d, i) =>
      number(d, `${path}.shape[${i}]`, 0, 2 ** 31 - 1, true),
    ),
    dtype: dtype as WeightDtype,
  });
}
