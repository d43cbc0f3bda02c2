/**
 * A run as a bundle carries it (schema.ts RunRecord): what it trained, named by its cell and its
 * dataset's key in that bundle, and how it went. Bundles keep runs in the format links already
 * in use can read, so the experiment's model, config and seed are written out field by field.
 */
import type { RunRecord } from '../bundle/schema';
import type { StoredRun } from './stored-run';

/** The run as a bundle's record; null for a run that never reached a backend (no epochs). */
export function bundleRunOf(
  run: StoredRun,
  place: { cellId: string; datasetKey: string },
): RunRecord | null {
  const { experiment, backend } = run;
  if (backend === null) return null;
  return {
    id: run.id,
    cellId: place.cellId,
    datasetKey: place.datasetKey,
    spec: experiment.model,
    config: experiment.config,
    backend,
    adapter: run.adapter,
    seed: experiment.config.seed,
    epochs: run.epochs,
    durationMs: run.durationMs,
    samplesPerSec: run.samplesPerSec ?? 0,
    appVersion: run.appVersion,
    createdAt: run.createdAt,
  };
}
