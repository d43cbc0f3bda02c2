/** Training settings, the run's live state as the worker reports it, and the commands to it. */
import type { GradlabError } from '../../core/errors';
import type {
  BackendChoice,
  LoadableWeightSpec,
  Prediction,
  ReadyEvent,
  BackendLostEvent,
  TrainJob,
  TrainStatus,
  WorkerCommand,
  WorkerEvent,
} from '../../core/protocol';
import { TrainWorkerError } from '../../core/errors';
import { err, ok, type Result } from '../../core/result';
import {
  DEFAULT_CONFIG,
  lossFor,
  type LossName,
  type OptimizerName,
  type Schedule,
} from '../../core/train/config';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { chosenRef, datasetInfo } from '../data/slice';
import { modelError, specFor } from '../model/slice';
import type { EpochPoint } from './history';
import { epochRecordOf } from '../../core/runs/epoch';
import type { WorkerLink } from './worker-link';

/** The run's TrainConfig but the seed, which the dataset settings hold. */
export interface TrainSettings {
  optimizer: OptimizerName;
  learningRate: number;
  schedule: Schedule;
  /** The user's last choice; a job uses it only where it suits the dataset's task (lossFor). */
  loss: LossName;
  l1: number;
  l2: number;
  batchSize: number;
  epochs: number;
  validationSplit: number;
}

export type Progress = Extract<WorkerEvent, { type: 'progress' }>;

/** Weights as a bundle carries them once decoded: TF.js weight specs in order over one buffer. */
export interface SharedWeights {
  weightSpecs: LoadableWeightSpec[];
  data: ArrayBuffer;
}

export interface TrainSlice {
  trainSettings: TrainSettings;
  backendChoice: BackendChoice;
  backend: ReadyEvent | null;
  status: TrainStatus;
  progress: Progress | null;
  history: EpochPoint[];
  prediction: Prediction | null;
  trainError: string | null;
  /** The latest confusion matrix, validation predictions and weight histograms. */
  insights: Insights | null;
  /** The last checkpoint the worker saved for this run. */
  checkpoint: { runId: string; epoch: number } | null;
  /** The GPU under the backend was lost and the worker moved on; shown until dismissed. */
  backendLost: BackendLostEvent | null;
  dismissBackendLost(): void;
  /**
   * Puts shared weights (a bundle's) into the current model: send after `reset` with the bundle's
   * job, which builds the same architecture. The buffer is transferred (unusable afterwards).
   * Resolves once the worker has them, with its refusal when they do not fit, or with a timeout.
   */
  loadWeights(weights: SharedWeights): Promise<Result<void, GradlabError>>;
  /** Asks the worker something about the current model; resolves with its answer. */
  ask<Q extends Question['type']>(
    question: DistributiveOmit<Extract<Question, { type: Q }>, 'requestId'>,
  ): Promise<AnswerOf<Q>>;
  setTrainSettings(patch: Partial<TrainSettings>): void;
  setBackendChoice(choice: BackendChoice): void;
  /** Applies events in order as one update (the worker can finish many epochs between two). */
  applyEvents(events: readonly WorkerEvent[]): void;
  train(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  step(): void;
  /** New initial weights from the seed; clears the curves. */
  reset(): void;
  /** A reset after a short quiet spell, for settings being edited; Train or Step cancels it. */
  resetSoon(): void;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  optimizer: DEFAULT_CONFIG.optimizer,
  learningRate: DEFAULT_CONFIG.learningRate,
  schedule: DEFAULT_CONFIG.schedule,
  loss: DEFAULT_CONFIG.loss,
  l1: DEFAULT_CONFIG.l1,
  l2: DEFAULT_CONFIG.l2,
  batchSize: DEFAULT_CONFIG.batchSize,
  epochs: DEFAULT_CONFIG.epochs,
  validationSplit: DEFAULT_CONFIG.validationSplit,
};

/** Cells per side of the decision-boundary grid. */
const GRID_RESOLUTION = 48;
const RESET_DELAY_MS = 200;
/** Loading waits behind the reset before it, which may decode a large dataset first. */
const LOAD_WEIGHTS_TIMEOUT_MS = 60_000;

export function jobOf(
  state: Pick<
    AppState,
    'datasetSettings' | 'dataset' | 'datasetChoice' | 'activeRecord' | 'layers' | 'trainSettings'
  >,
): TrainJob {
  const { datasetSettings, layers, trainSettings } = state;
  const dataset = datasetInfo(state);
  return {
    dataset: chosenRef(state),
    model: specFor(layers, dataset),
    config: {
      ...trainSettings,
      loss: lossFor(dataset?.task ?? 'classification', trainSettings.loss),
      seed: datasetSettings.seed,
    },
    gridResolution: dataset?.kind === 'points' ? GRID_RESOLUTION : 0,
  };
}

function applied(event: WorkerEvent): Partial<TrainSlice> {
  switch (event.type) {
    case 'ready':
      return { backend: event };
    case 'status':
      return { status: event.status };
    case 'progress':
      return { progress: event };
    case 'prediction':
      return { prediction: event.prediction };
    // Epoch ends are appended to the history together, in appliedAll; done changes nothing shown.
    case 'epochEnd':
    case 'done':
      return {};
    case 'error':
      if (event.requestId !== undefined && answerLoad(event.requestId, err(event.error))) return {};
      return { trainError: event.error.message };
    case 'weightsLoaded':
      answerLoad(event.requestId, ok(undefined));
      return {};
    // Applied in order with the epochs, in appliedAll.
    case 'backendLost':
      return {};
    case 'insights':
      return { insights: { epoch: event.epoch, ...event.insights } };
    case 'checkpoint':
      return { checkpoint: { runId: event.runId, epoch: event.epoch } };
    // Answers to one-off requests go to whoever asked (answerRequest), not to the state.
    case 'onePrediction':
    case 'featureMaps':
    case 'exported':
      answerRequest(event);
      return {};
  }
}

type Answer = Extract<WorkerEvent, { type: 'onePrediction' | 'featureMaps' | 'exported' }>;
type Question = Extract<WorkerCommand, { type: 'predictOne' | 'featureMaps' | 'export' }>;
export type AnswerOf<Q extends Question['type']> = Q extends 'predictOne'
  ? Extract<Answer, { type: 'onePrediction' }>
  : Q extends 'featureMaps'
    ? Extract<Answer, { type: 'featureMaps' }>
    : Extract<Answer, { type: 'exported' }>;

const waiting = new Map<number, (answer: Answer) => void>();
let nextRequestId = 1;

function answerRequest(answer: Answer): void {
  waiting.get(answer.requestId)?.(answer);
  waiting.delete(answer.requestId);
}

type LoadOutcome = Result<void, { name: string; code: string; message: string }>;
const loading = new Map<number, (outcome: LoadOutcome) => void>();

/** Settles a loadWeights request; false when none is waiting under that id. */
function answerLoad(requestId: number, outcome: LoadOutcome): boolean {
  const settle = loading.get(requestId);
  loading.delete(requestId);
  settle?.(outcome);
  return settle !== undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type Insights = Extract<WorkerEvent, { type: 'insights' }>['insights'] & { epoch: number };

/**
 * Epoch ends are appended in order; a lost backend cuts the curve back to the checkpoint the run
 * went on from, so the epochs trained again replace the ones lost with the GPU.
 */
function appliedAll(events: readonly WorkerEvent[], state: AppState): Partial<TrainSlice> {
  let update: Partial<TrainSlice> = {};
  let history: EpochPoint[] | null = null;
  for (const event of events) {
    if (event.type === 'epochEnd') {
      history ??= [...state.history];
      history.push(epochRecordOf(event));
    } else if (event.type === 'backendLost') {
      const kept = event.resumedFromEpoch;
      history = (history ?? state.history).filter((point) => point.epoch <= kept);
      update = { ...update, backendLost: event, progress: null };
      if (kept === 0) update.checkpoint = null;
    } else {
      update = { ...update, ...applied(event) };
    }
  }
  return history ? { ...update, history } : update;
}

export function createTrainSlice(link: WorkerLink): Slice<AppState, TrainSlice> {
  return (set, get) => {
    const fresh = {
      history: [],
      progress: null,
      trainError: null,
      insights: null,
      checkpoint: null,
    };
    let pendingReset: ReturnType<typeof setTimeout> | undefined;
    const send = (command: WorkerCommand, transfer?: Transferable[]) => {
      clearTimeout(pendingReset);
      link.send(command, transfer);
    };
    return {
      trainSettings: DEFAULT_TRAIN_SETTINGS,
      backendChoice: 'auto',
      backend: null,
      status: 'idle',
      progress: null,
      history: [],
      prediction: null,
      trainError: null,
      insights: null,
      checkpoint: null,
      backendLost: null,
      dismissBackendLost() {
        set({ backendLost: null });
      },
      loadWeights({ weightSpecs, data }) {
        const requestId = nextRequestId++;
        return new Promise((resolve) => {
          const timer = setTimeout(
            () =>
              answerLoad(
                requestId,
                err({
                  name: 'TimeoutError',
                  code: 'timeout',
                  message:
                    'The training worker did not take the weights in time. Reload the page and ' +
                    'open the link again.',
                }),
              ),
            LOAD_WEIGHTS_TIMEOUT_MS,
          );
          loading.set(requestId, (outcome) => {
            clearTimeout(timer);
            resolve(outcome.ok ? outcome : err(new TrainWorkerError(outcome.error)));
          });
          send({ type: 'loadWeights', requestId, weightSpecs, data }, [data]);
        });
      },
      ask(question) {
        const requestId = nextRequestId++;
        const answered = new Promise<Answer>((resolve) => waiting.set(requestId, resolve));
        link.send({ ...question, requestId } as Question);
        return answered as never;
      },
      setTrainSettings(patch) {
        set((state) => ({ trainSettings: { ...state.trainSettings, ...patch } }));
      },
      setBackendChoice(choice) {
        set({ backendChoice: choice, backend: null, status: 'idle', backendLost: null, ...fresh });
        // The playground resets once the new worker reports ready (useResetOnChange).
        link.connect(choice);
      },
      applyEvents(events) {
        set((state) => appliedAll(events, state));
      },
      train() {
        if (!datasetInfo(get()) || modelError(get())) return;
        set(fresh);
        send({ type: 'start', job: jobOf(get()) });
      },
      pause() {
        send({ type: 'pause' });
      },
      resume() {
        send({ type: 'resume' });
      },
      stop() {
        send({ type: 'stop' });
      },
      step() {
        if (!datasetInfo(get()) || modelError(get())) return;
        if (get().status !== 'paused') set(fresh);
        send({ type: 'step', job: jobOf(get()) });
      },
      reset() {
        set({ ...fresh, prediction: null });
        if (!datasetInfo(get()) || modelError(get())) return;
        send({ type: 'reset', job: jobOf(get()) });
      },
      resetSoon() {
        clearTimeout(pendingReset);
        pendingReset = setTimeout(() => {
          const { status, reset } = get();
          if (status !== 'running' && status !== 'paused') reset();
        }, RESET_DELAY_MS);
      },
    };
  };
}
