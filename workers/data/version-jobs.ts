/**
 * The data worker's version jobs: examples captured in the page stored as a dataset (or appended
 * to one as its next version), edits applied to a version to make the next, and two versions
 * compared. A version derived from another keeps its line, source and licence, and is stored as
 * the line's current version; its bytes share every piece its parent has (storage/datasets-repo).
 */
import { decodePacked, encodePacked, type PackedDataset } from '../../src/core/data/packed';
import type { StoredDataset } from '../../src/core/data/stored-dataset';
import { diffDatasets } from '../../src/core/data/versions/diff';
import { appendExamples, applyEdits, type NextVersion } from '../../src/core/data/versions/edit';
import { firstVersion, type DatasetLineage } from '../../src/core/data/versions/lineage';
import type { DataCommand, DataEvent } from '../../src/core/data-protocol';
import { StorageCorruptError, type GradlabError } from '../../src/core/errors';
import { sha256Hex } from '../../src/core/hash';
import { err, ok, type Result } from '../../src/core/result';
import { getDataset, makeCurrent, readDatasetBytes } from '../../src/storage/datasets-repo';
import type { JobContext } from './context';
import { storeEncoded, type StoreDetails } from './store-packed';
import { capturedToPacked } from './version-jobs-captured';

export type VersionCommand = Extract<
  DataCommand,
  { type: 'storeCaptured' | 'editDataset' | 'diffDatasets' }
>;
type Post = (event: DataEvent, transfer?: Transferable[]) => void;
type Job = Result<true, GradlabError>;

/** Posts one `saved` (storeCaptured, editDataset) or `diff` (diffDatasets) for the command. */
export async function versionJob(
  command: VersionCommand,
  context: JobContext,
  post: Post,
): Promise<Job> {
  switch (command.type) {
    case 'storeCaptured': {
      const captured = capturedToPacked(command);
      if (!captured.ok) return captured;
      const source = { kind: 'capture', what: command.what } as const;
      if (command.parent === null) {
        return store(command.requestId, context, post, captured.value, (sha256) => ({
          source,
          sourceSha256: null,
          license: command.license,
          lineage: firstVersion(sha256, command.note),
        }));
      }
      const { requestId, parent, note, license } = command;
      // The name and licence given now count ('' keeps the parent's licence): saving captured
      // examples is where the page asks for them.
      const version = { requestId, parent, note, ...(license === '' ? {} : { license }) };
      return derive(context, post, version, (packed) => {
        const next = appendExamples(packed, captured.value);
        return next.ok
          ? ok({ ...next.value, packed: renamed(next.value.packed, command.name) })
          : next;
      });
    }
    case 'editDataset': {
      const { requestId, sha256: parent, note } = command;
      return derive(context, post, { requestId, parent, note }, (packed) =>
        applyEdits(packed, command.edits),
      );
    }
    case 'diffDatasets': {
      const a = await readVersion(context, command.a);
      if (!a.ok) return a;
      const b = await readVersion(context, command.b);
      if (!b.ok) return b;
      post({ type: 'diff', requestId: command.requestId, diff: diffDatasets(a.value, b.value) });
      return ok(true);
    }
  }
}

/** What makes a version the next of stored version `parent`; no `license`: the parent's. */
interface NextOf {
  requestId: number;
  parent: string;
  note: string;
  license?: string;
}

/**
 * The next version of a stored version: `make` gives its content and change log, and it joins
 * the parent's line with the parent's source, licence and import notes. What described how to
 * get the parent's exact bytes again (a download's hash, a CSV's text) is not carried: those
 * would give the parent, not this version.
 */
async function derive(
  context: JobContext,
  post: Post,
  { requestId, parent, note, license }: NextOf,
  make: (parent: PackedDataset) => NextVersion,
): Promise<Job> {
  const record = await getDataset(context.db, parent);
  if (record === null) return err(missing(parent));
  const packed = await readVersion(context, parent);
  if (!packed.ok) return packed;
  const next = make(packed.value);
  if (!next.ok) return next;
  const lineage: DatasetLineage = {
    lineId: record.lineage.lineId,
    version: record.lineage.version + 1,
    parent,
    note,
    changes: next.value.changes,
  };
  return store(requestId, context, post, next.value.packed, () => ({
    ...carried(record),
    lineage,
    ...(license === undefined ? {} : { license }),
  }));
}

function carried(record: StoredDataset): StoreDetails {
  return {
    source: record.source,
    sourceSha256: null,
    columns: record.columns,
    notes: record.notes,
    license: record.license,
    ...(record.encoding === undefined ? {} : { encoding: record.encoding }),
  };
}

async function store(
  requestId: number,
  context: JobContext,
  post: Post,
  packed: PackedDataset,
  details: (sha256: string) => StoreDetails,
): Promise<Job> {
  const bytes = encodePacked(packed);
  const sha256 = await sha256Hex(bytes);
  const stored = await storeEncoded(context, packed, bytes, sha256, details(sha256));
  if (!stored.ok) return stored;
  const { record, created } = stored.value;
  // Content stored before (an edit undone by another) becomes current again, as a new one does.
  const current = created ? ok(record) : await makeCurrent(context.db, sha256, new Date());
  if (!current.ok) return current;
  post({ type: 'saved', requestId, record: current.value ?? record, created });
  return ok(true);
}

async function readVersion(
  context: JobContext,
  sha256: string,
): Promise<Result<PackedDataset, GradlabError>> {
  const bytes = await readDatasetBytes(context.db, sha256);
  if (!bytes.ok) return bytes;
  return decodePacked(bytes.value);
}

const renamed = (packed: PackedDataset, name: string): PackedDataset => ({
  ...packed,
  header: { ...packed.header, name },
});

const missing = (sha256: string): StorageCorruptError =>
  new StorageCorruptError(
    `The dataset version ${sha256.slice(0, 12)}… is not in this browser's storage: it was ` +
      'deleted or stored in another browser. Choose a version from the dataset history.',
  );
