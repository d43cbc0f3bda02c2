/**
 * The current experiment as a bundle (DESIGN.md "Bundle"): one markdown cell and one experiment
 * cell, its dataset as another browser can get it, the current run and, if asked, that run's
 * final weights inline. A notebook opened from a bundle is shared as the next version of it.
 */
import { APP_VERSION } from '../../app-version';
import { canonicalJson, textFault } from '../../core/bundle/canonical';
import { contentId } from '../../core/bundle/content-id';
import {
  BUNDLE_LIMITS,
  BUNDLE_TYPE,
  SCHEMA_VERSION,
  type Bundle,
  type BundleWeights,
  type ExperimentCell,
  type RunRecord,
} from '../../core/bundle/schema';
import { randomId } from '../../core/id';
import type { TrainJob } from '../../core/protocol';
import { DEFAULT_CONFIG, type TrainConfig } from '../../core/train/config';
import type { RunWeights } from '../../storage/runs-repo';
import type { AppState } from '../../store/app-state';
import { datasetInfo } from '../data/slice';
import { jobOf } from '../train/slice';
import { inlineWeightsOf } from './inline-weights';
import { shareDataset } from './share-dataset';

export interface ShareOptions {
  title: string;
  /** The run's final weights, inline; only when a run is included (weights belong to a run). */
  includeWeights: boolean;
  includeRuns: boolean;
  /** The bundle's `createdAt`; now when absent. */
  createdAt?: Date;
  /** How long to wait for the worker's weights before sharing without them. */
  exportTimeoutMs?: number;
}

export const DATASET_KEY = 'data';
export const EXPERIMENT_CELL_ID = 'experiment';
export const UNTITLED = 'Untitled experiment';
const EXPORT_TIMEOUT_MS = 20_000;

/** A title a bundle accepts: no NUL or lone surrogates, trimmed, within the length limit. */
export function cleanTitle(text: string): string {
  let out = '';
  // By code point, so a pair is never split and a lone surrogate is dropped on its own.
  for (const c of text.trim()) {
    if (textFault(c) !== null) continue;
    if (out.length + c.length > BUNDLE_LIMITS.titleLength) break;
    out += c;
  }
  return out.trim() || UNTITLED;
}

export const fullConfig = (config: TrainConfig): Required<TrainConfig> => ({
  ...DEFAULT_CONFIG,
  ...config,
});

export function viewsFor(state: AppState): string[] {
  const info = datasetInfo(state);
  if (info?.kind === 'points') return ['curves', 'boundary'];
  return info?.task === 'classification' ? ['curves', 'confusion'] : ['curves'];
}

function describe(state: AppState, job: TrainJob): string {
  const name = datasetInfo(state)?.name ?? 'a dataset';
  const layers = job.model.layers.length;
  const last = state.history.at(-1);
  const result =
    last === undefined
      ? ''
      : ` After ${last.epoch} epochs its training loss was ${last.trainLoss.toPrecision(3)}` +
        (last.trainAccuracy === null
          ? '.'
          : ` and its accuracy ${(last.trainAccuracy * 100).toFixed(1)}%.`);
  return `A model of ${layers} layer${layers === 1 ? '' : 's'} trained on ${name}.${result}`;
}

export interface CurrentRun {
  record: RunRecord;
  /** The weights the run ended with, when this page already has them. */
  weights: RunWeights | null;
}

/**
 * The run behind the curves on screen: its stored record when it was saved (the job as it was at
 * the start), else what the page knows. None without epochs, a backend, or when the data changed
 * since, as its dataset would then not be the bundle's.
 */
export function currentRun(
  state: AppState,
  job: TrainJob,
  createdAt: Date,
  place: { cellId: string; datasetKey: string } = {
    cellId: EXPERIMENT_CELL_ID,
    datasetKey: DATASET_KEY,
  },
): CurrentRun | null {
  if (state.history.length === 0 || state.backend === null) return null;
  const runId = state.checkpoint?.runId;
  const stored = state.runs.find((run) => run.id === runId) ?? null;
  const runJob = stored?.job ?? job;
  if (canonicalJson(runJob.dataset) !== canonicalJson(job.dataset)) return null;
  const { backend, adapter } = state.backend;
  const record: RunRecord = {
    id: stored?.id ?? runId ?? randomId(),
    cellId: place.cellId,
    datasetKey: place.datasetKey,
    spec: runJob.model,
    config: fullConfig(runJob.config),
    backend: stored?.backend ?? backend,
    adapter:
      stored?.adapter ??
      (adapter ? `${adapter.vendor} / ${adapter.architecture}` : (state.backend.renderer ?? null)),
    seed: runJob.config.seed,
    epochs: stored?.epochs ?? state.history,
    durationMs: stored?.durationMs ?? 0,
    samplesPerSec: stored?.samplesPerSec ?? state.progress?.samplesPerSec ?? 0,
    appVersion: stored?.appVersion ?? APP_VERSION,
    createdAt: stored?.createdAt ?? createdAt.toISOString(),
  };
  return { record, weights: stored?.weights ?? null };
}

export async function exportedWeights(
  state: AppState,
  timeoutMs: number,
): Promise<RunWeights | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const answer = await Promise.race([state.ask<'export'>({ type: 'export' }), timeout]);
    return answer === null || answer.modelJson === ''
      ? null
      : { modelJson: answer.modelJson, data: answer.weights };
  } finally {
    clearTimeout(timer);
  }
}

/** The bundle of the current experiment, with its content id. */
export async function bundleFromState(state: AppState, options: ShareOptions): Promise<Bundle> {
  const createdAt = options.createdAt ?? new Date();
  const job = jobOf(state);
  const dataset = shareDataset(job.dataset, state.activeRecord);
  const experiment: ExperimentCell = {
    type: 'experiment',
    id: EXPERIMENT_CELL_ID,
    dataset: DATASET_KEY,
    model: job.model,
    config: fullConfig(job.config),
    views: viewsFor(state),
  };
  const run = options.includeRuns ? currentRun(state, job, createdAt) : null;
  let weights: Record<string, BundleWeights> | undefined;
  if (run !== null && options.includeWeights) {
    const saved =
      run.weights ?? (await exportedWeights(state, options.exportTimeoutMs ?? EXPORT_TIMEOUT_MS));
    const inline = saved === null ? null : inlineWeightsOf(saved.modelJson, saved.data);
    if (inline !== null) {
      weights = { [run.record.id]: inline };
      run.record.weightsKey = run.record.id;
    }
  }
  const opened = state.openedNotebook;
  const bundle: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: '',
    parent: opened?.bundleId ?? null,
    version: opened === null ? 1 : opened.version + 1,
    createdAt: createdAt.toISOString(),
    app: { version: APP_VERSION },
    notebook: {
      title: cleanTitle(options.title),
      authors: [],
      cells: [{ type: 'markdown', id: 'intro', text: describe(state, job) }, experiment],
    },
    datasets: { [DATASET_KEY]: dataset.ref },
    runs: run === null ? [] : [run.record],
    ...(weights === undefined ? {} : { weights }),
  };
  bundle.id = await contentId(bundle);
  return bundle;
}
