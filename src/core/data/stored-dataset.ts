/**
 * What the `datasets` store holds about one dataset: its packed header and size, where it came
 * from, and what the data panel shows without reading the bytes (class counts, column summaries).
 * The bytes themselves live in the `pieces` store, cut where their content says (content-chunks.ts)
 * and kept by each piece's own SHA-256, so versions of a dataset share what they have in common.
 * A record that crosses from the data worker to the page is checked with StoredDatasetSchema.
 */
import type { RemoteDatasetFile } from './dataset';
import * as v from 'valibot';
import { CsvChoicesSchema, type CsvChoices } from './csv/choices';
import type { PreprocessedColumn } from '../export/preprocessing';
import { PreprocessedColumnSchema } from '../export/preprocessing-schema';
import type { ColumnSummary } from './csv/columns';
import type { PackedHeader } from './packed';
import { TextChoicesSchema, type TextChoices } from './text-choices';
import { DatasetLineageSchema, firstVersion, type DatasetLineage } from './versions/lineage';

export type DatasetSource =
  | { kind: 'shipped'; name: string }
  | { kind: 'url'; url: string; format: string }
  | { kind: 'file'; fileName: string; format: string }
  /** Made in Gradlab: webcam frames, drawings on the pad, or points clicked on the plot. */
  | { kind: 'capture'; what: CaptureKind };

export const CAPTURE_KINDS = ['webcam', 'drawing', 'points'] as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[number];

/** A summary of one column of an imported table, as it was before encoding. */
export type ColumnInfo = Omit<ColumnSummary, 'top' | 'notes'>;

/**
 * How an imported CSV became a dataset: the choices, and the file's text when it is at most
 * KEPT_CSV_BYTES. A shared notebook names the choices, so the same file can be imported again to
 * the same SHA-256, and its inline link carries the text; the packed form cannot give the text
 * back (numbers are standardised in float32, missing values filled in, wide columns left out).
 */
export interface CsvOrigin extends CsvChoices {
  text: string | null;
}

/** Larger CSV text is not kept: deflated, it would not fit in a link's budget anyway. */
export const KEPT_CSV_BYTES = 64 * 1024;

/** One piece of a dataset's packed bytes: the key of its bytes in the `pieces` store, its size. */
export interface DatasetPiece {
  sha256: string;
  byteLength: number;
}

export interface StoredDataset {
  /** SHA-256 (lower-case hex) of the packed bytes: the same content is stored once. */
  sha256: string;
  name: string;
  header: PackedHeader;
  byteLength: number;
  /** The packed bytes are these pieces' bytes, in this order; their sizes add up to byteLength. */
  pieces: DatasetPiece[];
  source: DatasetSource;
  /** `sourceKeyOf(source)`, indexed so a URL or shipped name finds what it produced before. */
  sourceKey: string;
  /** SHA-256 of the original download or file, before packing; null when not known. */
  sourceSha256: string | null;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; the storage panel sorts by it and suggests the least recently used to delete. */
  lastUsed: string;
  /** Examples per class, in the order of `header.classNames`; empty for regression. */
  classCounts: number[];
  /** Column summaries of a table import; null for images and shipped data. */
  columns: ColumnInfo[] | null;
  /** What the import decided on the user's behalf (rows dropped, columns encoded, ...). */
  notes: string[];
  /** A CSV import's choices and text; absent for other data and CSVs stored before it was kept. */
  csv?: CsvOrigin;
  /** A text import's choices (tokenizer, context...): the same file with them packs the same. */
  text?: TextChoices;
  /** Which version of which dataset this is, and what changed against its parent. */
  lineage: DatasetLineage;
  /**
   * ISO-8601: when this version became its line's current one (stored, or restored from the
   * history). The current version of a line is the one with the latest.
   */
  currentSince: string;
  /** The data's licence as the user gave it for an import or capture ('' when not given). */
  license: string;
  /** Examples (indices) the user flagged for a second look; not part of the content. */
  flags: number[];
  /**
   * How a table import encoded each column, in the file's order, with the mean, std and
   * categories of the rows it kept (the `columns` summaries count every row). Absent for other
   * data and for tables stored before it was kept; preprocessing.json then derives it.
   */
  encoding?: PreprocessedColumn[];
  /**
   * A download's files with the SHA-256 of the bytes received, in the format's order, so an export
   * can name the data by where it came from (a Keras project downloads and checks it itself).
   */
  sourceFiles?: RemoteDatasetFile[];
}

/**
 * What a bundle file carries beside a dataset's packed bytes: what the author's browser knew of
 * it that the bytes do not say. Its header and class counts are read from the bytes themselves.
 */
export type SharedDatasetDetails = Pick<
  StoredDataset,
  | 'name'
  | 'source'
  | 'sourceSha256'
  | 'columns'
  | 'notes'
  | 'csv'
  | 'encoding'
  | 'sourceFiles'
  | 'text'
> &
  /** Absent in bundles written before datasets had versions. */
  Partial<Pick<StoredDataset, 'lineage' | 'license'>>;

export function sharedDetailsOf(record: StoredDataset): SharedDatasetDetails {
  const { name, source, sourceSha256, columns, notes, csv, encoding, sourceFiles, text } = record;
  const { lineage, license } = record;
  return {
    name,
    source,
    sourceSha256,
    columns,
    notes,
    lineage,
    license,
    ...(csv === undefined ? {} : { csv }),
    ...(encoding === undefined ? {} : { encoding }),
    ...(sourceFiles === undefined ? {} : { sourceFiles }),
    ...(text === undefined ? {} : { text }),
  };
}

/** The version fields of a record stored at `at` (ISO-8601), its line's first unless told. */
export const versionFields = (
  sha: string,
  at: string,
  lineage: DatasetLineage = firstVersion(sha),
): Pick<StoredDataset, 'lineage' | 'currentSince' | 'license' | 'flags'> => ({
  lineage,
  currentSince: at,
  license: '',
  flags: [],
});

export function sourceKeyOf(source: DatasetSource): string {
  switch (source.kind) {
    case 'shipped':
      return `shipped:${source.name}`;
    case 'url':
      return `url:${source.url}`;
    case 'file':
      return `file:${source.fileName}`;
    case 'capture':
      return `capture:${source.what}`;
  }
}

/**
 * The `sourceKey` a version is stored under. Only a line's first version answers for its source:
 * a relabelled copy of the shipped MNIST must never be found as "the shipped MNIST".
 */
export const versionSourceKey = (
  source: DatasetSource,
  lineage: DatasetLineage,
  sha: string,
): string => (lineage.version === 1 ? sourceKeyOf(source) : `version:${sha}`);

export const Sha256Schema = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
);
const sha256 = Sha256Schema;
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.string();
const texts = v.array(text);

/** A packed dataset's header, held as `decodePacked` accepts it. */
export const PackedHeaderSchema: v.GenericSchema<unknown, PackedHeader> = v.pipe(
  v.object({
    name: text,
    kind: v.picklist(['points', 'tabular', 'image', 'text']),
    task: v.picklist(['classification', 'regression', 'sequence']),
    count,
    inputShape: v.pipe(v.array(v.pipe(count, v.minValue(1))), v.minLength(1)),
    xType: v.picklist(['uint8', 'uint16', 'float32']),
    classNames: texts,
    featureNames: texts,
    targetName: v.optional(text),
    tokenizer: v.optional(v.object({ kind: v.picklist(['char', 'word']), vocab: texts })),
  }),
  v.check(
    (header) => header.task !== 'classification' || header.classNames.length >= 2,
    'a classification dataset names at least two classes',
  ),
  v.check(
    (header) => (header.kind === 'text') === (header.tokenizer !== undefined),
    'a text dataset, and only text, has a tokenizer',
  ),
);

const DatasetSourceSchema = v.variant('kind', [
  v.object({ kind: v.literal('shipped'), name: text }),
  v.object({ kind: v.literal('url'), url: text, format: text }),
  v.object({ kind: v.literal('file'), fileName: text, format: text }),
  v.object({ kind: v.literal('capture'), what: v.picklist(CAPTURE_KINDS) }),
]);

export const ColumnInfoSchema = v.object({
  name: text,
  type: v.picklist(['numeric', 'categorical', 'empty']),
  missing: count,
  distinct: count,
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  mean: v.optional(v.number()),
  std: v.optional(v.number()),
});

const CsvOriginSchema: v.GenericSchema<unknown, CsvOrigin> = v.object({
  ...CsvChoicesSchema.entries,
  text: v.nullable(v.pipe(v.string(), v.maxLength(KEPT_CSV_BYTES))),
});

export const StoredDatasetSchema: v.GenericSchema<unknown, StoredDataset> = v.object({
  sha256,
  name: text,
  header: PackedHeaderSchema,
  byteLength: count,
  pieces: v.array(v.object({ sha256, byteLength: count })),
  source: DatasetSourceSchema,
  sourceKey: text,
  sourceSha256: v.nullable(sha256),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  lastUsed: v.pipe(v.string(), v.isoTimestamp()),
  classCounts: v.array(count),
  columns: v.nullable(v.array(ColumnInfoSchema)),
  notes: texts,
  csv: v.optional(CsvOriginSchema),
  encoding: v.optional(v.array(PreprocessedColumnSchema)),
  sourceFiles: v.optional(v.array(v.object({ url: text, sha256 }))),
  text: v.optional(TextChoicesSchema),
  lineage: DatasetLineageSchema,
  currentSince: v.pipe(v.string(), v.isoTimestamp()),
  license: v.pipe(v.string(), v.maxLength(500)),
  flags: v.array(count),
});

export const SharedDatasetDetailsSchema: v.GenericSchema<unknown, SharedDatasetDetails> = v.object({
  name: v.pipe(text, v.minLength(1), v.maxLength(200)),
  source: DatasetSourceSchema,
  sourceSha256: v.nullable(sha256),
  columns: v.nullable(v.array(ColumnInfoSchema)),
  notes: texts,
  csv: v.optional(CsvOriginSchema),
  encoding: v.optional(v.array(PreprocessedColumnSchema)),
  sourceFiles: v.optional(v.array(v.object({ url: text, sha256 }))),
  text: v.optional(TextChoicesSchema),
  lineage: v.optional(DatasetLineageSchema),
  license: v.optional(v.pipe(v.string(), v.maxLength(500))),
});
