/** What the import dialog shows of a bundle before anything is saved. */
import type { CarriedDataset } from '../../core/bundle/carried-datasets';
import type { Bundle, BundleWeights } from '../../core/bundle/schema';
import { damagedInlineWeights } from '../share/inline-weights';
import { describeDatasetSource, type DatasetSource } from './dataset-source';

export interface DatasetPreview extends DatasetSource {
  key: string;
}

export interface ImportPreview {
  id: string;
  title: string;
  authors: string[];
  version: number;
  /** The short id of the version it was derived from; null for a first version. */
  parent: string | null;
  createdAt: string;
  appVersion: string;
  cells: number;
  experiments: number;
  datasets: DatasetPreview[];
  runs: number;
  /** Bytes of the weights carried in the bundle (inline, or as entries of its file). */
  weightsBytes: number;
  /** Weights kept at an address and fetched when needed. */
  remoteWeights: number;
  /** Why inline weights are refused (values that are not numbers): the notebook opens without them. */
  damagedWeights: string[];
}

/** `sha256-` and the first 12 hex digits: enough to tell versions apart at a glance. */
export const shortId = (id: string): string => id.slice(0, 'sha256-'.length + 12);

/** Bytes that padded standard base64 of this length decodes to. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

const inlineBytes = (weights: BundleWeights): number =>
  'data' in weights ? base64Bytes(weights.data) : 0;

/**
 * `extras` are the file's other entries; those under `weights/` count as weights. `carried` are the
 * imported datasets the file brings, which open with it.
 */
export function previewOf(
  bundle: Bundle,
  extras: Record<string, Uint8Array> = {},
  carried: readonly Pick<CarriedDataset, 'sha256' | 'bytes'>[] = [],
): ImportPreview {
  const weights = Object.values(bundle.weights ?? {});
  const extraWeights = Object.entries(extras)
    .filter(([path]) => path.startsWith('weights/'))
    .reduce((sum, [, bytes]) => sum + bytes.length, 0);
  const { notebook } = bundle;
  return {
    id: bundle.id,
    title: notebook.title,
    authors: notebook.authors,
    version: bundle.version,
    parent: bundle.parent === null ? null : shortId(bundle.parent),
    createdAt: bundle.createdAt,
    appVersion: bundle.app.version,
    cells: notebook.cells.length,
    experiments: notebook.cells.filter((cell) => cell.type === 'experiment').length,
    datasets: Object.entries(bundle.datasets).map(([key, ref]) => ({
      key,
      ...describeDatasetSource(
        ref,
        ref.kind === 'local' ? carried.find((c) => c.sha256 === ref.sha256) : undefined,
      ),
    })),
    runs: bundle.runs.length,
    weightsBytes: weights.reduce((sum, w) => sum + inlineBytes(w), 0) + extraWeights,
    remoteWeights: weights.filter((w) => !('data' in w)).length,
    damagedWeights: weights.flatMap((w) => {
      const damaged = 'data' in w ? damagedInlineWeights(w) : null;
      return damaged === null ? [] : [damaged.message];
    }),
  };
}
