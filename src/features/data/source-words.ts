/** Where a stored dataset came from, in words, for the storage panel and the data card. */
import type { StoredDataset } from '../../core/data/stored-dataset';

export function sourceOf(record: StoredDataset): string {
  const { source } = record;
  switch (source.kind) {
    case 'shipped':
      return 'shipped with Gradlab';
    case 'url':
      return source.url;
    case 'file':
      return `imported from ${source.fileName}`;
    case 'capture':
      return CAPTURED[source.what];
  }
}

const CAPTURED = {
  webcam: 'captured with the webcam',
  drawing: 'drawn on the drawing pad',
  points: 'points drawn on the plot',
} as const;

/** Whether the user gives the licence: data they brought or made, not data shipped with Gradlab. */
export const licenseIsEditable = (record: StoredDataset): boolean =>
  record.source.kind !== 'shipped';
