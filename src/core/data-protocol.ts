/**
 * Every message between the UI and the data worker, which downloads, parses, decodes and stores
 * datasets so none of that runs on the main thread. Each request carries a requestId; the worker
 * answers with progress events and then exactly one `saved`, `csvPreview`, `sample` or `error`
 * for it, or `bundleRead` for a shared bundle read (DATA_WORKER tells the page's worker bridge which).
 * Both sides parse what they receive.
 * Files cross as Blobs (a cheap handle), so their bytes are read only inside the worker.
 */
import * as v from 'valibot';
import { BUNDLE_TYPE, SCHEMA_VERSION, type Bundle } from './bundle/schema';
import { REMOTE_FORMATS } from './data/catalog';
import { STALL_LIMIT_MS } from './fetch-capped';
import { SHIPPED_DATASETS } from './data/dataset';
import { TextChoicesSchema } from './data/text-choices';
import {
  HEADER_CHOICES,
  TASK_CHOICES,
  type HeaderChoice,
  type TaskChoice,
} from './data/csv/choices';
import {
  ColumnInfoSchema,
  PackedHeaderSchema,
  Sha256Schema as sha256,
  SharedDatasetDetailsSchema,
  StoredDatasetSchema,
  CAPTURE_KINDS,
} from './data/stored-dataset';
import { DatasetDiffSchema, DatasetEditsSchema } from './data/versions/lineage';
import type { ProtocolError } from './errors';
import { isRecord } from './is-record';
import type { Result } from './result';
import {
  parseMessage,
  RequestIdSchema as requestId,
  SerializedErrorSchema,
  type BridgeProtocol,
} from './worker-bridge';

const name = v.pipe(v.string(), v.maxLength(200));

export { HEADER_CHOICES, TASK_CHOICES, type HeaderChoice, type TaskChoice };

const FileSchema = v.object({
  path: v.pipe(v.string(), v.maxLength(1000)),
  blob: v.instance(Blob),
});

const CommandSchema = v.variant('type', [
  v.object({
    type: v.literal('download'),
    requestId,
    name,
    format: v.picklist(REMOTE_FORMATS),
    files: v.pipe(
      v.array(
        v.object({
          url: v.pipe(v.string(), v.maxLength(4000)),
          sha256: v.nullable(v.string()),
        }),
      ),
      v.minLength(1),
      v.maxLength(2),
    ),
    classNames: v.optional(v.array(name)),
    /** For CSV downloads: the target column by name; the last column when absent. */
    target: v.optional(name),
  }),
  /** `appUrl` is the page's base address, where the app's shipped files are served. */
  v.object({
    type: v.literal('ensureShipped'),
    requestId,
    name: v.picklist(SHIPPED_DATASETS),
    appUrl: v.pipe(v.string(), v.url()),
  }),
  v.object({
    type: v.literal('inspectCsv'),
    requestId,
    file: FileSchema,
    header: v.picklist(HEADER_CHOICES),
  }),
  v.object({
    type: v.literal('importCsv'),
    requestId,
    file: FileSchema,
    header: v.picklist(HEADER_CHOICES),
    target: v.pipe(v.number(), v.integer(), v.minValue(0)),
    task: v.picklist(TASK_CHOICES),
    /** The SHA-256 the dataset must have (a shared notebook's): any other is refused, unstored. */
    sha256: v.optional(sha256),
  }),
  /** A text file (language modelling) or a CSV of texts and labels, packed as `choices` say. */
  v.object({
    type: v.literal('importText'),
    requestId,
    file: FileSchema,
    choices: TextChoicesSchema,
    /** The SHA-256 the dataset must have (a shared notebook's): any other is refused, unstored. */
    sha256: v.optional(sha256),
  }),
  /**
   * A dataset as a bundle file carried it: its packed bytes, refused unless they hash to
   * `sha256` and decode, stored as they are with what the author's browser knew of it.
   */
  v.object({
    type: v.literal('storeShared'),
    requestId,
    file: FileSchema,
    sha256,
    details: SharedDatasetDetailsSchema,
  }),
  v.object({
    type: v.literal('importImages'),
    requestId,
    name,
    /** Image files with their folder paths, or one ZIP holding them. */
    files: v.pipe(v.array(FileSchema), v.minLength(1), v.maxLength(100_000)),
    size: v.pipe(v.number(), v.integer(), v.minValue(4), v.maxValue(128)),
    channels: v.picklist([1, 3]),
  }),
  /**
   * The first `count` examples of a stored dataset, for its preview; or, when `rows` is given,
   * those rows in that order (then `count` is ignored), for the examples a view shows.
   */
  v.object({
    type: v.literal('sample'),
    requestId,
    sha256: v.string(),
    count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256)),
    rows: v.optional(
      v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(256)),
    ),
  }),
  /**
   * A shared bundle, as the user gave it, read and checked (bundle/read.ts) without storing
   * anything: a link's fragment, a file, or the address of one. `stallMs` shortens how long a
   * download may go without a byte (e2e tests of stalled servers).
   */
  v.object({
    type: v.literal('readBundle'),
    requestId,
    source: v.variant('kind', [
      v.object({ kind: v.literal('link'), hash: v.string() }),
      v.object({
        kind: v.literal('file'),
        name: v.pipe(v.string(), v.maxLength(1000)),
        blob: v.instance(Blob),
      }),
      v.object({
        kind: v.literal('url'),
        url: v.pipe(v.string(), v.maxLength(4000)),
        sha256: v.nullable(v.string()),
      }),
    ]),
    stallMs: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(STALL_LIMIT_MS)),
    ),
  }),
  /**
   * Examples made in the page (webcam frames, drawings, points clicked on the plot), stored as a
   * new dataset, or, when `parent` names a stored version, appended to it as its next version.
   * `x` holds `labels.length` examples of `inputShape` each: pixels (0-255) or float features.
   */
  v.object({
    type: v.literal('storeCaptured'),
    requestId,
    name: v.pipe(name, v.minLength(1)),
    what: v.picklist(CAPTURE_KINDS),
    kind: v.picklist(['image', 'points']),
    inputShape: v.pipe(
      v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096))),
      v.minLength(1),
      v.maxLength(3),
    ),
    x: v.union([v.instance(Uint8Array), v.instance(Float32Array)]),
    labels: v.instance(Uint16Array),
    classNames: v.pipe(v.array(v.pipe(name, v.minLength(1))), v.minLength(2), v.maxLength(64)),
    parent: v.nullable(sha256),
    note: v.pipe(v.string(), v.maxLength(2000)),
    license: v.pipe(v.string(), v.maxLength(500)),
  }),
  /** The next version of a stored classification dataset: `edits` applied to version `sha256`. */
  v.object({
    type: v.literal('editDataset'),
    requestId,
    sha256,
    edits: DatasetEditsSchema,
    note: v.pipe(v.string(), v.maxLength(2000)),
  }),
  /** Two stored versions compared by content (versions/diff.ts). */
  v.object({ type: v.literal('diffDatasets'), requestId, a: sha256, b: sha256 }),
  v.object({ type: v.literal('cancel'), requestId }),
]);
export type DataCommand = v.InferOutput<typeof CommandSchema>;
export type DataFile = v.InferOutput<typeof FileSchema>;

export const parseDataCommand = (input: unknown): Result<DataCommand, ProtocolError> =>
  parseMessage(CommandSchema, 'data worker command', input);

export const DATA_PHASES = ['download', 'read', 'decode', 'store'] as const;
export type DataPhase = (typeof DATA_PHASES)[number];

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const texts = v.array(v.string());

/** Bytes of any buffer: a bundle entry may be a view into the whole file's. */
const BytesSchema = v.custom<Uint8Array>((input) => input instanceof Uint8Array, 'bytes');

/**
 * A bundle the worker validated with validateBundle: the page checks what it is, not again each
 * field (which would hold the page as long as the worker took), as for a training job's experiment.
 */
const BundleSchema = v.custom<Bundle>(
  (input) =>
    isRecord(input) && input.type === BUNDLE_TYPE && input.schemaVersion === SCHEMA_VERSION,
  `a bundle of version ${SCHEMA_VERSION}`,
);

const ColumnPreviewSchema = v.object({ ...ColumnInfoSchema.entries, notes: texts });
/** A column summary as the import preview shows it (ColumnSummary without its top values). */
export type ColumnPreview = v.InferOutput<typeof ColumnPreviewSchema>;

const CsvPreviewSchema = v.object({
  fileName: v.string(),
  encoding: v.string(),
  delimiter: v.string(),
  hasHeader: v.boolean(),
  header: texts,
  /** The first rows as text, for a glance at the file. */
  rows: v.array(texts),
  rowCount: count,
  columns: v.array(ColumnPreviewSchema),
});
export type CsvPreview = v.InferOutput<typeof CsvPreviewSchema>;

const SampleSchema = v.object({
  header: PackedHeaderSchema,
  /** The examples' features: pixels (0-255) for images, encoded values for tables, token ids. */
  x: v.union([v.instance(Uint8Array), v.instance(Float32Array)]),
  labels: v.array(v.number()),
});
export type DatasetSample = v.InferOutput<typeof SampleSchema>;

const EventSchema = v.variant('type', [
  v.object({
    type: v.literal('progress'),
    requestId,
    phase: v.picklist(DATA_PHASES),
    /** Bytes or items done, and the total when known. */
    loaded: count,
    total: v.nullable(count),
    /** Which part of the job, when it has several (e.g. "file 1 of 2"). */
    detail: v.optional(v.string()),
  }),
  v.object({
    type: v.literal('saved'),
    requestId,
    record: StoredDatasetSchema,
    /** False when the same content was stored already. */
    created: v.boolean(),
  }),
  v.object({ type: v.literal('csvPreview'), requestId, preview: CsvPreviewSchema }),
  v.object({ type: v.literal('diff'), requestId, diff: DatasetDiffSchema }),
  v.object({ type: v.literal('sample'), requestId, sample: SampleSchema }),
  /**
   * A bundle read: the bundle validated and migrated to the current version by the worker (so a
   * large one never holds the page), the file's other entries, and the datasets it carries,
   * already checked against their hashes.
   */
  v.object({
    type: v.literal('bundleRead'),
    requestId,
    bundle: BundleSchema,
    extras: v.array(v.object({ path: v.string(), bytes: BytesSchema })),
    datasets: v.array(
      v.object({ sha256, bytes: BytesSchema, details: SharedDatasetDetailsSchema }),
    ),
  }),
  /** Without a requestId when the command it refuses had none. */
  v.object({
    type: v.literal('error'),
    requestId: v.optional(requestId),
    error: SerializedErrorSchema,
  }),
]);
export type DataEvent = v.InferOutput<typeof EventSchema>;

export const parseDataEvent = (input: unknown): Result<DataEvent, ProtocolError> =>
  parseMessage(EventSchema, 'data worker event', input);

/** What answers each request, and how a request is cancelled: the page's bridge reads these. */
const DATA_ANSWERS = {
  download: 'saved',
  ensureShipped: 'saved',
  inspectCsv: 'csvPreview',
  importCsv: 'saved',
  importText: 'saved',
  storeShared: 'saved',
  importImages: 'saved',
  sample: 'sample',
  readBundle: 'bundleRead',
  storeCaptured: 'saved',
  editDataset: 'saved',
  diffDatasets: 'diff',
} as const;

export const DATA_WORKER: BridgeProtocol<DataCommand, DataEvent, typeof DATA_ANSWERS> = {
  workerName: 'data worker',
  parseEvent: parseDataEvent,
  answers: DATA_ANSWERS,
  cancel: (id) => ({ type: 'cancel', requestId: id }),
};
