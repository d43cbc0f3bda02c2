/**
 * An experiment trained by the app's engine in Node (TF.js cpu backend, or wasm with Gradlab's
 * kernels), packed as the Keras training project the app exports: what the interop checks compare
 * train.py against. The data is passed in already loaded (generated, CSV-imported or decoded), as
 * the training worker gets it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../src/core/data/dataset';
import { splitIndices } from '../../src/core/data/split';
import type { Experiment } from '../../src/core/experiment/experiment';
import type { KerasProjectInput } from '../../src/core/export/keras-project/project';
import type { Preprocessing } from '../../src/core/export/preprocessing';
import { PLAYGROUND } from '../../src/core/experiment/experiment';
import type { WorkerEvent } from '../../src/core/protocol';
import { epochRecordOf, type EpochRecord } from '../../src/core/runs/epoch';
import { buildModel } from '../../src/engine/model/build';
import { exportLayersModel } from '../../src/engine/model/export-tfjs';
import { TrainingSession } from '../../src/engine/train/session';

export interface EngineProjectOptions {
  name: string;
  experiment: Experiment;
  /** The data as the training worker sees it (limit applied, preprocessing done). */
  dataset: Dataset;
  datasetName: string;
  datasetSha256?: string | null;
  preprocessing: Preprocessing;
  classNames?: string[];
  /** Epochs the engine trains (the experiment's config.epochs when absent; 0: untrained). */
  epochs?: number;
  /** The TF.js backend it trains on; cpu when absent. wasm: imported and with Gradlab's kernels. */
  backend?: 'cpu' | 'wasm';
}

export interface EngineProject {
  input: KerasProjectInput;
  /** What the engine recorded per epoch: the curve train.py must reproduce. */
  epochs: EpochRecord[];
}

/** Trains `options.experiment` with the engine on its backend and packs the project input. */
export async function engineProject(options: EngineProjectOptions): Promise<EngineProject> {
  const backend = options.backend ?? 'cpu';
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
  const { experiment, dataset } = options;
  const epochs = options.epochs ?? experiment.config.epochs;
  const initialModel = buildModel(experiment.model, dataset.inputShape, experiment.config.seed);
  const initial = await exportLayersModel(initialModel);
  initialModel.dispose();
  // The project holds the experiment as the engine ran it: its epochs set the schedule's length.
  const ran = { ...experiment, config: { ...experiment.config, epochs } };
  const trained = epochs > 0 ? await trainWithEngine(ran, dataset) : null;
  const input: KerasProjectInput = {
    name: options.name,
    experiment: epochs > 0 ? ran : experiment,
    datasetName: options.datasetName,
    datasetSha256: options.datasetSha256 ?? null,
    inputShape: dataset.inputShape,
    task: dataset.task,
    classNames:
      options.classNames ??
      (dataset.task === 'classification'
        ? Array.from({ length: dataset.numClasses }, (_, i) => String(i))
        : []),
    data:
      dataset.task === 'classification'
        ? { x: dataset.x, labels: dataset.labels }
        : dataset.task === 'sequence'
          ? { x: dataset.x, nextTokens: dataset.targets }
          : { x: dataset.x, targets: dataset.targets },
    split: splitIndices(dataset.n, experiment.config.validationSplit, experiment.config.seed),
    preprocessing: options.preprocessing,
    modelJson: trained?.modelJson ?? initial.modelJson,
    initialWeights: initial.weights,
    browserWeights: trained?.weights ?? null,
    browserEpochs: trained?.epochs ?? [],
    sourceRunId: trained?.runId ?? null,
  };
  return { input, epochs: trained?.epochs ?? [] };
}

interface Trained {
  modelJson: string;
  weights: ArrayBuffer;
  epochs: EpochRecord[];
  runId: string;
}

/** A training session as the worker runs one; resolves when it is done. */
async function trainWithEngine(experiment: Experiment, dataset: Dataset): Promise<Trained> {
  const records: EpochRecord[] = [];
  let finish: (event: WorkerEvent) => void = () => {};
  const ended = new Promise<WorkerEvent>((resolve) => (finish = resolve));
  const emit = (event: WorkerEvent): void => {
    if (event.type === 'epochEnd') records.push(epochRecordOf(event));
    if (event.type === 'done' || event.type === 'error') finish(event);
  };
  const job = {
    experiment,
    gridResolution: 8,
    place: PLAYGROUND,
  };
  const created = TrainingSession.create(job, dataset, emit);
  if (!created.ok) throw created.error;
  const session = created.value;
  // The session yields through an unref'd MessageChannel, which alone would let Node exit.
  const keepAlive = setInterval(() => {}, 1000);
  session.start();
  const last = await ended;
  clearInterval(keepAlive);
  if (last.type === 'error') {
    await session.dispose();
    throw new Error(`The engine's run failed: ${last.error.message}`);
  }
  const exported = await exportLayersModel(session.currentModel);
  const runId = session.currentRunId;
  await session.dispose();
  return { ...exported, epochs: records, runId };
}
