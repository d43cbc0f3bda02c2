/**
 * A run file (metrics.jsonl) as a stored run: the experiment of its header, the curve of its
 * epoch lines, the timings of its end line, and the browser run it belongs beside.
 */
import { modelKey, PLAYGROUND } from '../experiment/experiment';
import type { RunFile } from './metrics-file';
import { RUN_FORMAT, type RunWeights, type StoredRun } from './stored-run';

/**
 * The browser run an imported run belongs beside: the one its project was exported from when this
 * browser still has it, else the newest browser run of the same model (data, layers and seed).
 */
export function sourceRunOf(runs: readonly StoredRun[], file: RunFile): StoredRun | null {
  const browserRuns = runs.filter((r) => r.origin.kind === 'browser');
  const named = browserRuns.find((r) => r.id === file.sourceRunId);
  if (named !== undefined) return named;
  const key = modelKey(file.experiment);
  const same = browserRuns.filter((r) => modelKey(r.experiment) === key);
  return same.reduce<StoredRun | null>(
    (newest, r) => (newest === null || r.createdAt > newest.createdAt ? r : newest),
    null,
  );
}

export interface ImportContext {
  id: string;
  name: string;
  fileName: string;
  /** ISO-8601. */
  importedAt: string;
  appVersion: string;
  source: StoredRun | null;
  weights: RunWeights | null;
}

export function importedRunOf(file: RunFile, context: ImportContext): StoredRun {
  const { end, machine } = file;
  const seconds = end?.wallSeconds ?? file.epochSeconds.reduce((sum, s) => sum + s, 0);
  return {
    format: RUN_FORMAT,
    id: context.id,
    name: context.name,
    tags: [],
    createdAt: new Date(file.startedAt).toISOString(),
    experiment: file.experiment,
    place: context.source?.place ?? PLAYGROUND,
    origin: {
      kind: 'imported',
      ...machine,
      devices: [...machine.devices],
      init: file.init,
      sourceRunId: context.source?.id ?? null,
      ending: end?.status ?? 'killed',
      importedAt: context.importedAt,
      fileName: context.fileName,
    },
    datasetSha256: file.datasetSha256,
    backend: null,
    adapter: null,
    epochs: file.epochs,
    durationMs: Math.round(seconds * 1000),
    samplesPerSec: end?.samplesPerSec ?? null,
    appVersion: context.appVersion,
    weights: context.weights,
    sweep: null,
  };
}
