/**
 * What the dataset catalog offers besides the synthetic generators: the datasets shipped with the
 * app, and well-known datasets downloaded once from where their authors publish them and then kept
 * in IndexedDB. URLs are the published ones; tests serve files in the same formats locally.
 */
import type { ShippedDatasetName } from './dataset';
import { FASHION_MNIST_CLASS_NAMES } from './class-names';

/** Formats the downloader can decode into a packed dataset. */
export const REMOTE_FORMATS = ['mnist-sprite', 'idx', 'cifar10', 'csv', 'image-zip'] as const;
export type RemoteFormat = (typeof REMOTE_FORMATS)[number];

/** The files each format needs, in the order a download lists them. */
export const FORMAT_FILES: Record<RemoteFormat, readonly string[]> = {
  'mnist-sprite': ['images (PNG sprite)', 'labels (uint8 one-hot)'],
  idx: ['images (IDX, gzip allowed)', 'labels (IDX, gzip allowed)'],
  cifar10: ['archive (cifar-10-binary.tar.gz)'],
  csv: ['CSV file'],
  'image-zip': ['ZIP with a folder per class'],
};

export const FORMAT_LABELS: Record<RemoteFormat, string> = {
  'mnist-sprite': 'MNIST sprite (TF.js format)',
  idx: 'IDX (MNIST / Fashion-MNIST)',
  cifar10: 'CIFAR-10 binary',
  csv: 'CSV',
  'image-zip': 'Image ZIP (folder per class)',
};

export interface RemoteFile {
  url: string;
  /** Expected SHA-256 when known; the download is refused if the bytes differ. */
  sha256: string | null;
}

export interface ShippedEntry {
  kind: 'shipped';
  id: ShippedDatasetName;
  title: string;
  description: string;
  /** Path relative to the app, under public/. */
  file: string;
  format: 'csv' | 'packed-gzip';
  /** The target column, for CSV files. */
  target?: string;
  approxBytes: number;
}

export interface RemoteEntry {
  kind: 'remote';
  id: string;
  title: string;
  description: string;
  format: RemoteFormat;
  files: RemoteFile[];
  /** For formats that do not carry class names. */
  classNames?: string[];
  approxBytes: number;
  homepage: string;
}

export const SHIPPED_CATALOG: readonly ShippedEntry[] = [
  {
    kind: 'shipped',
    id: 'iris',
    title: 'Iris',
    description: '150 flowers, 4 measurements each, 3 species. The classic first table.',
    file: 'datasets/iris.csv',
    format: 'csv',
    target: 'species',
    approxBytes: 4_600,
  },
  {
    kind: 'shipped',
    id: 'mnist-10k',
    title: 'MNIST-10k',
    description:
      '10,000 real handwritten digits, 28x28 gray, shipped with the app (works offline).',
    file: 'datasets/mnist-10k.gds.gz',
    format: 'packed-gzip',
    approxBytes: 1_700_000,
  },
  {
    kind: 'shipped',
    id: 'names',
    title: 'Names (character model)',
    description:
      '8,422 English first names, one per example: a character model learns to write new ones.',
    file: 'datasets/names.gds.gz',
    format: 'packed-gzip',
    approxBytes: 83_000,
  },
  {
    kind: 'shipped',
    id: 'sotu',
    title: 'State of the Union (character model)',
    description:
      '200,000 characters of the latest State of the Union addresses (public domain), in windows of 64.',
    file: 'datasets/sotu.gds.gz',
    format: 'packed-gzip',
    approxBytes: 176_000,
  },
  {
    kind: 'shipped',
    id: 'spam',
    title: 'Spam or ham (mail text)',
    description:
      '3,792 mails of the SpamAssassin corpus, half spam: their first 64 words, 2,000 words known.',
    file: 'datasets/spam.gds.gz',
    format: 'packed-gzip',
    approxBytes: 213_000,
  },
];

export const REMOTE_CATALOG: readonly RemoteEntry[] = [
  {
    kind: 'remote',
    id: 'mnist',
    title: 'MNIST (full)',
    description:
      '65,000 handwritten digits in the TF.js sprite format. Downloaded once, then cached.',
    format: 'mnist-sprite',
    files: [
      {
        url: 'https://storage.googleapis.com/learnjs-data/model-builder/mnist_images.png',
        sha256: null,
      },
      {
        url: 'https://storage.googleapis.com/learnjs-data/model-builder/mnist_labels_uint8',
        sha256: null,
      },
    ],
    approxBytes: 10_600_000,
    homepage: 'https://yann.lecun.com/exdb/mnist/',
  },
  {
    kind: 'remote',
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    description: '60,000 28x28 gray images of clothing in 10 classes, in the published IDX files.',
    format: 'idx',
    files: [
      {
        url: 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/train-images-idx3-ubyte.gz',
        sha256: null,
      },
      {
        url: 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/train-labels-idx1-ubyte.gz',
        sha256: null,
      },
    ],
    classNames: [...FASHION_MNIST_CLASS_NAMES],
    approxBytes: 26_400_000,
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
  },
  {
    kind: 'remote',
    id: 'cifar-10',
    title: 'CIFAR-10',
    description: '60,000 32x32 colour images in 10 classes (binary version, 163 MB).',
    format: 'cifar10',
    files: [{ url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz', sha256: null }],
    approxBytes: 170_052_171,
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
  },
];

/**
 * Downloads go to https only, so a dataset cannot be swapped on the way; plain http is allowed for
 * this machine's own servers, where developers and tests serve files.
 */
export function checkDownloadUrl(
  text: string,
): { ok: true; url: URL } | { ok: false; why: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, why: `"${text.slice(0, 80)}" is not a web address.` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && local) return { ok: true, url };
  if (url.protocol === 'http:') {
    return {
      ok: false,
      why: `Only https addresses can be downloaded; ${url.host} uses plain http.`,
    };
  }
  return { ok: false, why: `Only https addresses can be downloaded, not ${url.protocol} ones.` };
}

/** Why an address (a download's, or where its redirect landed) is refused; null when allowed. */
export function refusedDownloadAddress(address: string): string | null {
  const policy = checkDownloadUrl(address);
  return policy.ok ? null : policy.why;
}
