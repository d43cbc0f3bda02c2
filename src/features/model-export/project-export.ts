/**
 * "Export training project": gathers what a Keras project of an experiment needs (the dataset as
 * the training worker feeds it, the split, the seeded and the trained weights, the curves the
 * browser drew, the preprocessing) and downloads it as `<name>-keras.zip`.
 */
import { splitIndices } from '../../core/data/split';
import { modelKey, type Experiment } from '../../core/experiment/experiment';
import {
  kerasProjectZip,
  projectZipName,
  REMOTE_PROJECT_FORMATS,
  type RemoteProjectData,
} from '../../core/export/keras-project/project';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { preprocessingOf } from '../../core/export/preprocessing-of';
import type { RunWeights } from '../../core/runs/stored-run';
import type { EpochRecord } from '../../core/runs/epoch';
import type { AppState } from '../../store/app-state';
import { datasetInfoOf, storedRecordOf } from '../data/slice';
import { downloadFile } from '../download';
import { exportableWeights } from './finite-export';

/** A bigger dataset takes a few seconds to copy out of the worker; silence beyond this is a loss. */
const ANSWER_TIMEOUT_MS = 60_000;

/** What to export: the experiment open now, or a recorded run. */
export interface ProjectSource {
  experiment: Experiment;
  /** The run the weights and curves come from; null for a model never trained. */
  runId: string | null;
  epochs: EpochRecord[];
  datasetSha256: string | null;
  /** Null: the weights are the model's seeded ones. */
  weights: RunWeights | 'ask-worker' | null;
}

export class ProjectExportError extends Error {
  readonly code = 'project-export' as const;
}

/**
 * The experiment open now: as its last run ran it when the model on show came from that run (the
 * weights are that run's), else as it stands, untrained.
 */
export function currentSource(state: AppState): ProjectSource {
  const shown = state.editor.experiment;
  const run = state.run ?? state.endedRun;
  if (run !== null && state.modelKey === modelKey(run.experiment) && state.history.length > 0) {
    return {
      experiment: run.experiment,
      runId: run.id,
      epochs: state.history,
      datasetSha256: run.datasetSha256,
      weights: 'ask-worker',
    };
  }
  const record = storedRecordOf(state, shown.dataset);
  return {
    experiment: shown,
    runId: null,
    epochs: [],
    datasetSha256: record?.sha256 ?? null,
    weights: null,
  };
}

/** Builds and downloads the project; resolves to the file name, or rejects with what went wrong. */
export async function exportProject(state: AppState, source: ProjectSource): Promise<string> {
  const { experiment } = source;
  const info = datasetInfoOf(state, experiment.dataset);
  if (info === null) {
    throw new ProjectExportError(
      'The dataset of this experiment is not in this browser yet: open it once so it loads, then export again.',
    );
  }
  const data = await state.ask(
    { type: 'projectData', experiment },
    { timeoutMs: ANSWER_TIMEOUT_MS },
  );
  if (!data.ok) throw data.error;
  const trained =
    source.weights === 'ask-worker'
      ? await state.ask({ type: 'export' }, { timeoutMs: ANSWER_TIMEOUT_MS })
      : null;
  if (trained !== null && !trained.ok) throw trained.error;
  const browser =
    trained !== null
      ? { modelJson: trained.value.modelJson, data: trained.value.weights }
      : source.weights === 'ask-worker'
        ? null
        : source.weights;
  if (browser !== null) {
    const finite = exportableWeights(browser);
    if (!finite.ok) throw finite.error;
  }
  const record = storedRecordOf(state, experiment.dataset);
  const preprocessing = preprocessingOf(experiment.dataset, record, info);
  if (preprocessing === null) {
    throw new ProjectExportError(
      'The dataset of this experiment is not in this browser yet: open it once so it loads, then export again.',
    );
  }
  const { x, y } = data.value;
  // A sequence example has a target per position.
  const examples =
    info.task === 'sequence' ? y.length / Math.max(1, info.inputShape[0] ?? 1) : y.length;
  const remote = record === null ? null : remoteOf(record);
  const name = info.name;
  const zip = kerasProjectZip({
    name,
    experiment,
    datasetName: info.name,
    datasetSha256: source.datasetSha256,
    inputShape: info.inputShape,
    task: info.task,
    classNames: preprocessing.classNames,
    data:
      info.task === 'sequence' && y instanceof Int32Array
        ? { x, nextTokens: y }
        : y instanceof Int32Array
          ? { x, labels: y }
          : { x, targets: y },
    split: splitIndices(examples, experiment.config.validationSplit, experiment.config.seed),
    preprocessing,
    modelJson: browser?.modelJson ?? data.value.initialModelJson,
    initialWeights: data.value.initialWeights,
    browserWeights: browser?.data ?? null,
    browserEpochs: source.epochs,
    sourceRunId: source.runId,
    ...(remote === null ? {} : { remote }),
  });
  const fileName = projectZipName(name);
  downloadFile(zip, fileName, 'application/zip');
  return fileName;
}

/**
 * A catalog download that train.py can fetch and decode itself, named instead of carried: the
 * project stays small (Fashion-MNIST's examples are 188 MB as float32).
 */
function remoteOf(record: StoredDataset): RemoteProjectData | null {
  const { source, sourceFiles } = record;
  if (source.kind !== 'url' || sourceFiles === undefined || sourceFiles.length === 0) return null;
  const format = REMOTE_PROJECT_FORMATS.find((name) => name === source.format);
  return format === undefined ? null : { format, files: sourceFiles };
}
