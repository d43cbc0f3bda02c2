/**
 * A lesson source and its recorded runs as a shipped bundle: version 1 of its own lineage, a fixed
 * creation time, only the datasets its experiments use, and no weights. The runs' curves are the
 * same on every rebuild; their durationMs and samplesPerSec are measured, so the id is not.
 */
import { APP_VERSION } from '../../src/app-version';
import { canonicalJson } from '../../src/core/bundle/canonical';
import { contentId } from '../../src/core/bundle/content-id';
import { encodeInlineLink } from '../../src/core/bundle/link';
import {
  BUNDLE_TYPE,
  SCHEMA_VERSION,
  type Bundle,
  type ExperimentCell,
  type RunRecord,
} from '../../src/core/bundle/schema';
import type { DatasetRef } from '../../src/core/data/dataset';
import type { EpochRecord } from '../../src/core/runs/epoch';
import type { LessonSource } from './lesson';
import type { TrainedRun } from './train';

export const LESSON_CREATED_AT = '2026-11-24T00:00:00.000Z';
export const LESSON_AUTHORS = ['Gradlab'];
/** What a lesson's inline link (without weights) must stay under, in bytes. */
export const LESSON_LINK_BUDGET = 4 * 1024;

/**
 * Recorded metrics keep 4 significant digits: the curves look the same, and the link stays small
 * (a float's 17 digits barely compress). Fresh runs are compared with them at that precision.
 */
export const round4 = (value: number): number => Number(value.toPrecision(4));

const roundEpoch = (e: EpochRecord): EpochRecord => ({
  epoch: e.epoch,
  trainLoss: round4(e.trainLoss),
  trainAccuracy: e.trainAccuracy === null ? null : round4(e.trainAccuracy),
  validationLoss: e.validationLoss === null ? null : round4(e.validationLoss),
  validationAccuracy: e.validationAccuracy === null ? null : round4(e.validationAccuracy),
});

export const experimentsOf = (source: LessonSource): ExperimentCell[] =>
  source.cells.filter((cell): cell is ExperimentCell => cell.type === 'experiment');

export function datasetOf(source: LessonSource, cell: ExperimentCell): DatasetRef {
  const ref = source.datasets[cell.dataset];
  if (ref === undefined) throw new Error(`${source.slug}: cell ${cell.id} names no dataset`);
  return ref;
}

/** The author's run of one experiment as the bundle records it. */
export function runRecordOf(cell: ExperimentCell, run: TrainedRun): RunRecord {
  return {
    id: `${cell.id}-run`,
    cellId: cell.id,
    datasetKey: cell.dataset,
    spec: cell.model,
    config: cell.config,
    backend: 'cpu',
    adapter: null,
    seed: cell.config.seed,
    epochs: run.epochs.map(roundEpoch),
    durationMs: Math.round(run.durationMs),
    samplesPerSec: Math.round(run.samplesPerSec),
    appVersion: APP_VERSION,
    createdAt: LESSON_CREATED_AT,
  };
}

/** The shipped bundle, with its content id; `runs` in the order of the experiments. */
export async function lessonBundle(source: LessonSource, runs: RunRecord[]): Promise<Bundle> {
  const datasets: Record<string, DatasetRef> = {};
  for (const cell of experimentsOf(source)) datasets[cell.dataset] = datasetOf(source, cell);
  const bundle: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: '',
    parent: null,
    version: 1,
    createdAt: LESSON_CREATED_AT,
    app: { version: APP_VERSION },
    notebook: { title: source.title, authors: LESSON_AUTHORS, cells: source.cells },
    datasets,
    runs,
  };
  bundle.id = await contentId(bundle);
  return bundle;
}

/** Bytes of the bundle's inline link (`#b=...`), the size a student's link has. */
export const linkBytesOf = (bundle: Bundle): number =>
  encodeInlineLink(canonicalJson(bundle)).bytes;
