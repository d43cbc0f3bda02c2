/**
 * Every message between the UI and the data worker, which downloads, parses, decodes and stores
 * datasets so none of that runs on the main thread. Each request carries an id; the worker answers
 * with progress events and then exactly one `saved`, `csvPreview`, `sample` or `error` for it.
 * Files cross as Blobs (a cheap handle), so their bytes are read only inside the worker.
 */
import * as v from 'valibot';
import { REMOTE_FORMATS } from './data/catalog';
import { SHIPPED_DATASETS } from './data/dataset';
import type { ColumnSummary } from './data/csv/columns';
import type { PackedHeader } from './data/packed';
// Types only: the record the storage layer keeps is what the worker reports as saved.
import type { StoredDataset } from './data/stored-dataset';
import { ProtocolError, type SerializedError } from './errors';
import { err, ok, type Result } from './result';

const id = v.pipe(v.number(), v.integer(), v.minValue(0));
const name = v.pipe(v.string(), v.maxLength(200));

/** Whether the CSV's first row names the columns: detected, or as the user says. */
export const HEADER_CHOICES = ['auto', 'present', 'absent'] as const;
export type HeaderChoice = (typeof HEADER_CHOICES)[number];

export const TASK_CHOICES = ['auto', 'classification', 'regression'] as const;
export type TaskChoice = (typeof TASK_CHOICES)[number];

const FileSchema = v.object({
  path: v.pipe(v.string(), v.maxLength(1000)),
  blob: v.instance(Blob),
});

const CommandSchema = v.variant('type', [
  v.object({
    type: v.literal('download'),
    id,
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
    id,
    name: v.picklist(SHIPPED_DATASETS),
    appUrl: v.pipe(v.string(), v.url()),
  }),
  v.object({
    type: v.literal('inspectCsv'),
    id,
    file: FileSchema,
    header: v.picklist(HEADER_CHOICES),
  }),
  v.object({
    type: v.literal('importCsv'),
    id,
    file: FileSchema,
    header: v.picklist(HEADER_CHOICES),
    target: v.pipe(v.number(), v.integer(), v.minValue(0)),
    task: v.picklist(TASK_CHOICES),
  }),
  v.object({
    type: v.literal('importImages'),
    id,
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
    id,
    sha256: v.string(),
    count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256)),
    rows: v.optional(
      v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(256)),
    ),
  }),
  v.object({ type: v.literal('cancel'), id }),
]);
export type DataCommand = v.InferOutput<typeof CommandSchema>;
export type DataFile = v.InferOutput<typeof FileSchema>;

export const parseDataCommand = (input: unknown): Result<DataCommand, ProtocolError> => {
  const result = v.safeParse(CommandSchema, input);
  if (result.success) return ok(result.output);
  const issue = result.issues[0];
  return err(new ProtocolError(`Malformed data worker command: ${issue.message}`));
};

export type DataPhase = 'download' | 'read' | 'decode' | 'store';

export interface CsvPreview {
  fileName: string;
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  header: string[];
  /** The first rows as text, for a glance at the file. */
  rows: string[][];
  rowCount: number;
  columns: ColumnPreview[];
}

export type ColumnPreview = Omit<ColumnSummary, 'top'>;

export interface DatasetSample {
  header: PackedHeader;
  /** The examples' features: pixels (0-255) for images, encoded values for tables. */
  x: Uint8Array | Float32Array;
  labels: number[];
}

export type DataEvent =
  | {
      type: 'progress';
      id: number;
      phase: DataPhase;
      /** Bytes or items done, and the total when known. */
      loaded: number;
      total: number | null;
      /** Which part of the job, when it has several (e.g. "file 1 of 2"). */
      detail?: string;
    }
  | { type: 'saved'; id: number; record: StoredDataset; created: boolean }
  | { type: 'csvPreview'; id: number; preview: CsvPreview }
  | { type: 'sample'; id: number; sample: DatasetSample }
  | { type: 'error'; id: number; error: SerializedError };
