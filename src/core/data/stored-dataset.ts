/**
 * What the `datasets` store holds about one dataset: its packed header and size, where it came
 * from, and what the data panel shows without reading the bytes (class counts, column summaries).
 * The bytes themselves live in the `chunks` store, keyed by the same SHA-256.
 */
import type { ColumnSummary } from './csv/columns';
import type { PackedHeader } from './packed';

export type DatasetSource =
  | { kind: 'shipped'; name: string }
  | { kind: 'url'; url: string; format: string }
  | { kind: 'file'; fileName: string; format: string };

/** A summary of one column of an imported table, as it was before encoding. */
export type ColumnInfo = Omit<ColumnSummary, 'top' | 'notes'>;

export interface StoredDataset {
  /** SHA-256 (lower-case hex) of the packed bytes: the same content is stored once. */
  sha256: string;
  name: string;
  header: PackedHeader;
  byteLength: number;
  chunkCount: number;
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
}

export function sourceKeyOf(source: DatasetSource): string {
  switch (source.kind) {
    case 'shipped':
      return `shipped:${source.name}`;
    case 'url':
      return `url:${source.url}`;
    case 'file':
      return `file:${source.fileName}`;
  }
}
