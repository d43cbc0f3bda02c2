/**
 * The data worker's side of its protocol: one handler per command, each job cancellable by its
 * requestId.
 * A job either ends in one `saved` (its dataset is stored whole) or one `error` (nothing stored).
 */
import type { RemoteDatasetFile } from '../../src/core/data/dataset';
import { SHIPPED_CATALOG, type ShippedEntry } from '../../src/core/data/catalog';
import { summarizeColumns } from '../../src/core/data/csv/columns';
import { readCsv } from '../../src/core/data/csv/import-csv';
import { textToPacked } from '../../src/core/data/text-import';
import { gunzipCapped, isGzip } from '../../src/core/data/formats/inflate';
import { decodePacked, type PackedDataset } from '../../src/core/data/packed';
import {
  parseDataCommand,
  type DataCommand,
  type DataEvent,
  type DataFile,
} from '../../src/core/data-protocol';
import {
  DownloadError,
  IntegrityError,
  InvalidDatasetError,
  serializeError,
  type GradlabError,
} from '../../src/core/errors';
import { sha256Hex } from '../../src/core/hash';
import { err, ok, type Result } from '../../src/core/result';
import { requestIdOf } from '../../src/core/worker-bridge';
import { sourceKeyOf } from '../../src/core/data/stored-dataset';
import {
  findDatasetBySource,
  readDatasetBytes,
  touchDataset,
} from '../../src/storage/datasets-repo';
import type { GradlabDb } from '../../src/storage/open';
import type { JobContext } from './context';
import { decodeDownload, type DownloadedFile } from './decode-download';
import { fetchCapped } from '../../src/core/fetch-capped';
import { fetchBytes } from './fetch-bytes';
import { expandZip, imagesToPacked } from './image-set';
import { readBundleJob } from './read-bundle-job';
import { storePacked, storeShared, type StoreDetails } from './store-packed';
import { csvOrigin, csvToPacked } from './tabular';
import { versionJob } from './version-jobs';

/** The commands that work on the database. */
type StoringCommand = Exclude<DataCommand, { type: 'cancel' | 'readBundle' }>;
type Post = (event: DataEvent, transfer?: Transferable[]) => void;
type OpenDb = () => Promise<Result<GradlabDb, GradlabError>>;

const PREVIEW_ROWS = 20;
const MAX_SHIPPED_BYTES = 64 * 1024 * 1024;
/** Progress events at most this often per job: every 64 KB read would flood the UI. */
const PROGRESS_INTERVAL_MS = 100;

export function createDataController(post: Post, openDb: OpenDb) {
  const jobs = new Map<number, AbortController>();

  function progressFor(requestId: number): JobContext['progress'] {
    // So the first report goes out however soon after the worker started it comes.
    let last = -Infinity;
    return (phase, loaded, total, detail) => {
      const now = performance.now();
      if (loaded !== total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      post({ type: 'progress', requestId, phase, loaded, total, ...(detail ? { detail } : {}) });
    };
  }

  async function run(command: Exclude<DataCommand, { type: 'cancel' }>): Promise<void> {
    const controller = new AbortController();
    jobs.set(command.requestId, controller);
    const progress = progressFor(command.requestId);
    try {
      // Reading a bundle stores nothing, so it works where storage does not.
      const outcome =
        command.type === 'readBundle'
          ? await readBundleJob(command, controller.signal, progress, post)
          : await withDb(command, controller.signal, progress);
      if (!outcome.ok) fail(command.requestId, outcome.error);
    } catch (error) {
      fail(command.requestId, error);
    } finally {
      jobs.delete(command.requestId);
    }
  }

  async function withDb(
    command: StoringCommand,
    signal: AbortSignal,
    progress: JobContext['progress'],
  ): Promise<Result<true, GradlabError>> {
    const db = await openDb();
    if (!db.ok) return db;
    return handle(command, { db: db.value, signal, progress });
  }

  const fail = (requestId: number | undefined, error: unknown) =>
    post({
      type: 'error',
      ...(requestId === undefined ? {} : { requestId }),
      error: serializeError(error),
    });

  async function handle(
    command: StoringCommand,
    context: JobContext,
  ): Promise<Result<true, GradlabError>> {
    switch (command.type) {
      case 'storeCaptured':
      case 'editDataset':
      case 'diffDatasets':
        return versionJob(command, context, post);
      case 'download':
        return download(command, context);
      case 'ensureShipped':
        return ensureShipped(command, context);
      case 'inspectCsv': {
        const bytes = await readFile(command.file, context);
        const table = readCsv(bytes, { header: command.header });
        if (!table.ok) return table;
        const { header, rows, delimiter, hasHeader } = table.value;
        post({
          type: 'csvPreview',
          requestId: command.requestId,
          preview: {
            fileName: command.file.path,
            encoding: table.value.encoding,
            delimiter,
            hasHeader,
            header,
            rows: rows.slice(0, PREVIEW_ROWS),
            rowCount: rows.length,
            columns: summarizeColumns(table.value),
          },
        });
        return ok(true);
      }
      case 'importCsv': {
        const bytes = await readFile(command.file, context);
        const table = csvToPacked(
          bytes,
          command.file.path,
          command.target,
          command.task,
          command.header,
        );
        if (!table.ok) return table;
        const { header, target, task } = command;
        return saved(
          command.requestId,
          context,
          table.value.packed,
          {
            source: { kind: 'file', fileName: command.file.path, format: 'csv' },
            sourceSha256: await sha256Hex(bytes),
            columns: table.value.columns,
            notes: table.value.notes,
            encoding: table.value.encoding,
            csv: csvOrigin(bytes, { header, target, task }),
          },
          command.sha256,
        );
      }
      case 'importText': {
        const bytes = await readFile(command.file, context);
        const packed = textToPacked(bytes, command.file.path, command.choices);
        if (!packed.ok) return packed;
        return saved(
          command.requestId,
          context,
          packed.value.packed,
          {
            source: {
              kind: 'file',
              fileName: command.file.path,
              format: command.choices.mode === 'language' ? 'text' : 'csv-text',
            },
            sourceSha256: await sha256Hex(bytes),
            notes: packed.value.notes,
            text: command.choices,
          },
          command.sha256,
        );
      }
      case 'storeShared': {
        const bytes = await readFile(command.file, context);
        const stored = await storeShared(context, bytes, command.sha256, command.details);
        if (!stored.ok) return stored;
        post({ type: 'saved', requestId: command.requestId, ...stored.value });
        return ok(true);
      }
      case 'importImages': {
        const files = [];
        for (const file of command.files) {
          files.push({ path: file.path, bytes: await readFile(file, context) });
        }
        const expanded = expandZip(files);
        if (!expanded.ok) return expanded;
        const packed = await imagesToPacked(context, expanded.value, command);
        if (!packed.ok) return packed;
        const zip = command.files.length === 1 && /\.zip$/i.test(command.files[0]?.path ?? '');
        return saved(command.requestId, context, packed.value, {
          source: {
            kind: 'file',
            fileName: zip ? (command.files[0]?.path ?? command.name) : command.name,
            format: zip ? 'image-zip' : 'image-folder',
          },
          sourceSha256: zip && files[0] ? await sha256Hex(files[0].bytes) : null,
        });
      }
      case 'sample': {
        const bytes = await readDatasetBytes(context.db, command.sha256);
        if (!bytes.ok) return bytes;
        const packed = decodePacked(bytes.value);
        if (!packed.ok) return packed;
        const { header, x, y } = packed.value;
        const rows =
          command.rows ??
          Array.from({ length: Math.min(command.count, header.count) }, (_, i) => i);
        const missing = rows.find((row) => row >= header.count);
        if (missing !== undefined) {
          return err(
            new InvalidDatasetError(
              `Row ${missing} is not in this dataset, which has ${header.count} rows. ` +
                'Train again so the examples shown come from the dataset in use.',
            ),
          );
        }
        const perExample = header.inputShape.reduce((a, b) => a * b, 1);
        // Token ids (uint16) travel as floats, as the training worker holds them.
        const picked =
          x instanceof Uint8Array
            ? new Uint8Array(rows.length * perExample)
            : new Float32Array(rows.length * perExample);
        rows.forEach((row, i) =>
          picked.set(x.subarray(row * perExample, (row + 1) * perExample), i * perExample),
        );
        // A sequence's y is a target per position, not a label per example.
        const labels = header.task === 'sequence' ? [] : rows.map((row) => y[row] as number);
        const sample = { header, x: picked, labels };
        post({ type: 'sample', requestId: command.requestId, sample }, [sample.x.buffer]);
        return ok(true);
      }
    }
  }

  async function download(
    command: Extract<DataCommand, { type: 'download' }>,
    context: JobContext,
  ): Promise<Result<true, GradlabError>> {
    const files: DownloadedFile[] = [];
    const sourceFiles: RemoteDatasetFile[] = [];
    for (const [index, file] of command.files.entries()) {
      const detail =
        command.files.length > 1 ? `file ${index + 1} of ${command.files.length}` : undefined;
      const fetched = await fetchBytes(file.url, context.signal, (loaded, total) =>
        context.progress('download', loaded, total, detail),
      );
      if (!fetched.ok) return fetched;
      const digest = await sha256Hex(fetched.value);
      const expected = file.sha256?.trim().toLowerCase();
      if (expected && expected !== digest) {
        return err(
          new IntegrityError(
            `The file from ${file.url} does not match the SHA-256 it should have ` +
              `(expected ${expected.slice(0, 12)}..., got ${digest.slice(0, 12)}...). It may have ` +
              'changed or been tampered with; nothing was kept.',
          ),
        );
      }
      files.push({
        name: new URL(file.url).pathname.split('/').pop() || 'download',
        bytes: fetched.value,
      });
      sourceFiles.push({ url: file.url, sha256: digest });
    }
    context.progress('decode', 0, null);
    const decoded = await decodeDownload(context, command.format, files, {
      name: command.name,
      ...(command.classNames ? { classNames: command.classNames } : {}),
      ...(command.target ? { target: command.target } : {}),
    });
    if (!decoded.ok) return decoded;
    const first = files[0] as DownloadedFile;
    return saved(command.requestId, context, decoded.value.packed, {
      source: { kind: 'url', url: command.files[0]?.url ?? '', format: command.format },
      sourceSha256: await sha256Hex(first.bytes),
      columns: decoded.value.columns ?? null,
      notes: decoded.value.notes ?? [],
      ...(decoded.value.encoding === undefined ? {} : { encoding: decoded.value.encoding }),
      sourceFiles,
    });
  }

  async function ensureShipped(
    command: Extract<DataCommand, { type: 'ensureShipped' }>,
    context: JobContext,
  ): Promise<Result<true, GradlabError>> {
    const entry = SHIPPED_CATALOG.find((e) => e.id === command.name) as ShippedEntry;
    const source = { kind: 'shipped', name: entry.id } as const;
    const cached = await findDatasetBySource(context.db, sourceKeyOf(source));
    if (cached) {
      await touchDataset(context.db, cached.sha256, new Date());
      post({ type: 'saved', requestId: command.requestId, record: cached, created: false });
      return ok(true);
    }
    const fetched = await fetchCapped(new URL(entry.file, command.appUrl), {
      maxBytes: MAX_SHIPPED_BYTES,
      signal: context.signal,
      onProgress: (loaded, total) => context.progress('download', loaded, total),
    });
    if (!fetched.ok) {
      const { error } = fetched;
      if (error instanceof DownloadError && error.reason === 'cancelled') return fetched;
      return err(
        new DownloadError(
          `${entry.title} could not be loaded from the app: ${error.message} Reload the page and try again.`,
          error instanceof DownloadError ? error.reason : 'network',
        ),
      );
    }
    const bytes = fetched.value;
    if (entry.format === 'csv') {
      const table = csvToPacked(bytes, entry.title, entry.target, 'auto');
      if (!table.ok) return table;
      return saved(command.requestId, context, table.value.packed, {
        source,
        sourceSha256: await sha256Hex(bytes),
        columns: table.value.columns,
        notes: table.value.notes,
        encoding: table.value.encoding,
      });
    }
    // Some static hosts (vite preview among them) serve .gz with Content-Encoding: gzip, and the
    // browser has already inflated it; others send the gzip bytes as they are.
    const raw = isGzip(bytes) ? gunzipCapped(bytes, MAX_SHIPPED_BYTES) : ok(bytes);
    if (!raw.ok) return raw;
    const packed = decodePacked(raw.value);
    if (!packed.ok) return packed;
    return saved(command.requestId, context, packed.value, {
      source,
      sourceSha256: await sha256Hex(bytes),
    });
  }

  async function saved(
    requestId: number,
    context: JobContext,
    packed: PackedDataset,
    details: StoreDetails,
    expected?: string,
  ): Promise<Result<true, GradlabError>> {
    const stored = await storePacked(context, packed, details, expected);
    if (!stored.ok) return stored;
    post({ type: 'saved', requestId, ...stored.value });
    return ok(true);
  }

  async function readFile(file: DataFile, context: JobContext): Promise<Uint8Array> {
    context.progress('read', 0, file.blob.size);
    const bytes = new Uint8Array(await file.blob.arrayBuffer());
    context.progress('read', bytes.length, bytes.length);
    return bytes;
  }

  return {
    handle(message: unknown): Promise<void> {
      const command = parseDataCommand(message);
      if (!command.ok) {
        fail(requestIdOf(message), command.error);
        return Promise.resolve();
      }
      if (command.value.type === 'cancel') {
        jobs.get(command.value.requestId)?.abort();
        return Promise.resolve();
      }
      return run(command.value);
    },
  };
}
