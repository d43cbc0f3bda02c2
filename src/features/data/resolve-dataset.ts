/**
 * The datasets a bundle brings, stored in this browser by the data worker so the training worker
 * can load them: url ones downloaded (each file refused unless it hashes to its pinned sha256),
 * inline CSVs imported as the CSV import reads a file, the packed ones a bundle file carries stored
 * as they are, and a missing one's CSV file imported with its author's choices. From then on they
 * train as `local` datasets.
 */
import type { CarriedDataset } from '../../core/bundle/carried-datasets';
import type { CsvChoices } from '../../core/data/csv/choices';
import type { DataCommand, HeaderChoice } from '../../core/data-protocol';
import type { InlineDatasetRef, LocalDatasetRef, UrlDatasetRef } from '../../core/data/dataset';
import type { SerializedError } from '../../core/errors';
import { ok, type Result } from '../../core/result';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { requestData } from './data-client';

type Without<C extends DataCommand['type']> = Omit<Extract<DataCommand, { type: C }>, 'requestId'>;

/** The data worker's jobs this needs; tests give fakes. */
export interface DataJobs {
  download(command: Without<'download'>): Promise<Result<StoredDataset, SerializedError>>;
  /** The number of columns the CSV has, read as `header` says. */
  csvColumns(
    file: Blob,
    name: string,
    header: HeaderChoice,
  ): Promise<Result<number, SerializedError>>;
  importCsv(command: Without<'importCsv'>): Promise<Result<StoredDataset, SerializedError>>;
  importText(command: Without<'importText'>): Promise<Result<StoredDataset, SerializedError>>;
  storeShared(command: Without<'storeShared'>): Promise<Result<StoredDataset, SerializedError>>;
}

export const workerDataJobs: DataJobs = {
  async download(command) {
    const done = await requestData(command).done;
    return done.ok ? ok(done.value.record) : done;
  },
  async csvColumns(blob, name, header) {
    const done = await requestData({ type: 'inspectCsv', file: { path: name, blob }, header }).done;
    return done.ok ? ok(done.value.preview.header.length) : done;
  },
  async importCsv(command) {
    const done = await requestData(command).done;
    return done.ok ? ok(done.value.record) : done;
  },
  async importText(command) {
    const done = await requestData(command).done;
    return done.ok ? ok(done.value.record) : done;
  },
  async storeShared(command) {
    const done = await requestData(command).done;
    return done.ok ? ok(done.value.record) : done;
  },
};

const localRef = (record: StoredDataset, limit: number | undefined): LocalDatasetRef => ({
  kind: 'local',
  sha256: record.sha256,
  name: record.name,
  ...(limit === undefined ? {} : { limit }),
});

async function download(ref: UrlDatasetRef, jobs: DataJobs) {
  const stored = await jobs.download({
    type: 'download',
    name: ref.name,
    format: ref.format,
    files: ref.files.map((file) => ({ url: file.url, sha256: file.sha256 })),
    ...(ref.classNames === undefined ? {} : { classNames: ref.classNames }),
    ...(ref.target === undefined ? {} : { target: ref.target }),
  });
  return stored.ok ? ok(localRef(stored.value, ref.limit)) : stored;
}

/**
 * A CSV imported as the dataset called `name` (packing names it after its file, so the file's own
 * name must not change the bytes), with the choices given and the CSV import's defaults for the
 * rest. `sha256`, when given, is the one it must have; the worker keeps nothing else.
 */
export async function importCsvAs(
  blob: Blob,
  name: string,
  choices: Partial<CsvChoices>,
  jobs: DataJobs,
  sha256?: string,
): Promise<Result<StoredDataset, SerializedError>> {
  const path = `${name}.csv`;
  const header: HeaderChoice = choices.header ?? 'auto';
  let target = choices.target;
  if (target === undefined) {
    const columns = await jobs.csvColumns(blob, path, header);
    if (!columns.ok) return columns;
    target = Math.max(0, columns.value - 1);
  }
  return jobs.importCsv({
    type: 'importCsv',
    file: { path, blob },
    header,
    target,
    task: choices.task ?? 'auto',
    ...(sha256 === undefined ? {} : { sha256 }),
  });
}

async function importInline(ref: InlineDatasetRef, jobs: DataJobs) {
  const blob = new Blob([ref.csv], { type: 'text/csv' });
  const { header, target, task } = ref;
  const choices = {
    ...(header === undefined ? {} : { header }),
    ...(target === undefined ? {} : { target }),
    ...(task === undefined ? {} : { task }),
  };
  const stored = await importCsvAs(blob, ref.name, choices, jobs);
  return stored.ok ? ok(localRef(stored.value, ref.limit)) : stored;
}

/** A dataset a bundle file carried, stored as its author's browser stored it. */
export function storeCarried(
  carried: CarriedDataset,
  jobs: DataJobs,
): Promise<Result<StoredDataset, SerializedError>> {
  const { sha256, bytes, details } = carried;
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  return jobs.storeShared({
    type: 'storeShared',
    file: { path: `${details.name}.packed`, blob },
    sha256,
    details,
  });
}

/** A bundle's downloaded or inline dataset stored in this browser, named as it is stored. */
export function storeDataset(
  ref: UrlDatasetRef | InlineDatasetRef,
  jobs: DataJobs,
): Promise<Result<LocalDatasetRef, SerializedError>> {
  return ref.kind === 'url' ? download(ref, jobs) : importInline(ref, jobs);
}
