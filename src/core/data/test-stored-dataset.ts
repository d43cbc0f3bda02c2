/** A stored table for tests, as the data worker records one after an import. */
import {
  sourceKeyOf,
  versionFields,
  type DatasetSource,
  type StoredDataset,
} from './stored-dataset';

const FEATURES = 'abcdefghijklmnopqrstuvwxyz';

/** `count` rows of `features` numeric features in `classes` equal classes. */
export function storedTable(
  sha256: string,
  name: string,
  source: DatasetSource,
  { count = 150, classes = 3, features = 4 } = {},
): StoredDataset {
  return {
    sha256,
    name,
    header: {
      name,
      kind: 'tabular',
      task: 'classification',
      count,
      inputShape: [features],
      xType: 'float32',
      classNames: Array.from({ length: classes }, (_, i) => FEATURES.charAt(i)),
      featureNames: Array.from({ length: features }, (_, i) =>
        FEATURES.charAt(FEATURES.length - features + i),
      ),
    },
    byteLength: count * features * 4,
    pieces: [{ sha256, byteLength: count * features * 4 }],
    source,
    sourceKey: sourceKeyOf(source),
    sourceSha256: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsed: '2025-01-01T00:00:00.000Z',
    ...versionFields(sha256, '2025-01-01T00:00:00.000Z'),
    classCounts: Array.from({ length: classes }, () => count / classes),
    columns: null,
    notes: [],
  };
}
