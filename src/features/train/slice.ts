/**
 * The training worker as the page sees it: the backend, the run's live state as the worker reports
 * it, and the commands to it. A run is named when it starts (its id, the experiment and the place
 * it trains for), so whatever the timing of the worker's events, what it ends with is recorded for
 * the right experiment.
 *
 * The model on screen follows the experiment: `syncModel` (called by the store whenever the
 * experiment, its dataset or the worker changes) shows a fresh, untrained model when the
 * experiment's data, model or seed differ from those of the model the worker holds (`modelKey`).
 * Resuming a run and loading shared weights say explicitly which experiment their weights belong
 * to, so they are never reset away.
 */
import { canonicalJson } from '../../core/bundle/canonical';
import { WorkerError, type GradlabError } from '../../core/errors';
import { hiddenLayers } from '../../core/experiment/edit';
import { modelKey, type Experiment, type ExperimentPlace } from '../../core/experiment/experiment';
import { jobOf } from '../../core/experiment/job';
import { randomId } from '../../core/id';
import { analyseStack } from '../../core/model/stack-analysis';
import type {
  BackendChoice,
  BackendLostEvent,
  LoadableWeightSpec,
  Prediction,
  ReadyEvent,
  TrainJob,
  TrainStatus,
  TRAIN_WORKER,
  WorkerCommand,
  WorkerEvent,
} from '../../core/protocol';
import { err, ok, type Result } from '../../core/result';
import type { Checkpoint } from '../../core/runs/checkpoint';
import { runWeightsOf } from '../../core/runs/run-weights';
import type { RunWeights } from '../../core/runs/stored-run';
import { epochRecordOf, type EpochRecord } from '../../core/runs/epoch';
import type { AnswerOf, RequestFailure, RequestOf } from '../../core/worker-bridge';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { clearWriteFailure, reportWriteFailure } from '../../storage/write-failures';
import { runningMs, startClock, tick, type RunClock } from '../runs/run-clock';
import { memoryError } from './memory-check';
import type { TrainWorker } from './train-worker';

/** The page's name for the worker's checkpoint saves, in the notice of failed saves. */
const CHECKPOINT_SAVE = 'save a checkpoint of the run';

export type Progress = Extract<WorkerEvent, { type: 'progress' }>;

/** Weights as a bundle carries them once decoded: TF.js weight specs in order over one buffer. */
export interface SharedWeights {
  weightSpecs: LoadableWeightSpec[];
  data: ArrayBuffer;
}

export type Insights = Extract<WorkerEvent, { type: 'insights' }>['insights'] & { epoch: number };

/** A run as it was started: what it trains, for which place, and its clock. */
export interface ActiveRun {
  id: string;
  /** The experiment as it was when the run started (its dataset as the experiment names it). */
  experiment: Experiment;
  place: ExperimentPlace;
  /** SHA-256 of the stored dataset's bytes; null for generated data, which its ref pins. */
  datasetSha256: string | null;
  clock: RunClock;
}

export type RunEnd = 'completed' | 'stopped' | 'failed';

/** A run that ended, with what the runs history and the notebook record of it. */
export interface EndedRun extends ActiveRun {
  reason: RunEnd;
  epochs: EpochRecord[];
  backend: ReadyEvent | null;
  durationMs: number;
  samplesPerSec: number | null;
}

type Questions = typeof TRAIN_WORKER.answers;
export type Question = RequestOf<WorkerCommand, Questions>;
export type AnswerTo<Q extends Question['type']> = AnswerOf<WorkerEvent, Questions, Q>;

export interface TrainSlice {
  backendChoice: BackendChoice;
  backend: ReadyEvent | null;
  status: TrainStatus;
  progress: Progress | null;
  history: EpochRecord[];
  prediction: Prediction | null;
  trainError: string | null;
  /**
   * What happened to the worker that died or broke under the run (workerLost); shown with the
   * status 'error' until the next run, Resume or Reset, through the fresh worker's reset.
   */
  workerLoss: string | null;
  /** The latest confusion matrix, validation predictions and weight histograms. */
  insights: Insights | null;
  /** The last checkpoint the worker saved for this run. */
  checkpoint: { runId: string; epoch: number } | null;
  /** The GPU under the backend was lost and the worker moved on; shown until dismissed. */
  backendLost: BackendLostEvent | null;
  /** `modelKey` of the experiment the worker's model was made for; null before there is one. */
  modelKey: string | null;
  /** The run going on (or paused); null between runs. */
  run: ActiveRun | null;
  /** The run that ended last. */
  endedRun: EndedRun | null;
  dismissBackendLost(): void;
  setBackendChoice(choice: BackendChoice): void;
  /** Applies the worker's events in order as one update. */
  applyEvents(events: readonly WorkerEvent[]): void;
  /**
   * The worker died (the bridge noticed: an error or messageerror event, its life lock freed, its
   * silence past the watchdog's limit, or an error with BackendBrokenError's code, which the
   * protocol calls fatal): its run ends in an error, a fresh worker starts on the same backend
   * choice, and Resume is offered from the run's last checkpoint.
   */
  workerLost(error: GradlabError): void;
  /** Starts a run of the experiment in the editors; its id, or null when it cannot train. */
  train(): string | null;
  pause(): void;
  resume(): void;
  stop(): void;
  /** One batch: of the paused run, or of a new run started paused. */
  step(): void;
  /** New initial weights from the seed; clears the curves. */
  reset(): void;
  /** Shows a fresh model when the experiment's data, model or seed changed; see the top. */
  syncModel(): void;
  /**
   * Puts shared weights (a bundle's) into the model of the experiment in the editors, once the
   * worker and the dataset are ready. Resolves with the worker's answer, or with an error when
   * they do not fit, a run or another experiment came first, or the worker did not answer.
   * The buffer is transferred (unusable afterwards).
   */
  loadWeights(weights: SharedWeights): Promise<Result<void, GradlabError>>;
  /** Goes on with a checkpointed run; the experiment in the editors must be the checkpoint's. */
  resumeRun(checkpoint: Checkpoint): void;
  /** Resolves when run `runId` ends, however it ends. */
  whenRunEnds(runId: string): Promise<RunEnd>;
  /**
   * Resolves true once the experiment in the editors can train (worker and dataset ready, no run
   * going on), false when its dataset cannot be made ready or another experiment took its place.
   */
  whenTrainable(): Promise<boolean>;
  /** The model as it stands, in the TF.js layers format; null when the worker cannot say in time. */
  exportWeights(timeoutMs: number): Promise<RunWeights | null>;
  /** Asks the worker something about the current model. */
  ask<Q extends Question>(
    question: Q,
    options?: { timeoutMs?: number },
  ): Promise<Result<AnswerTo<Q['type']>, RequestFailure>>;
}

/** Answers about a model of any size Gradlab allows take a second; silence means trouble. */
const ASK_TIMEOUT_MS = 30_000;
/** Loading waits behind the reset before it, which may decode a large dataset first. */
const LOAD_WEIGHTS_TIMEOUT_MS = 60_000;

/** A run's live state before its first event. */
const FRESH: Pick<TrainSlice, 'history' | 'progress' | 'trainError' | 'insights' | 'checkpoint'> = {
  history: [],
  progress: null,
  trainError: null,
  insights: null,
  checkpoint: null,
};

/** A run is going on: from `train()`, before the worker's first status says so, to its end. */
const isActive = (state: Pick<TrainSlice, 'status' | 'run'>) =>
  state.run !== null || state.status === 'running' || state.status === 'paused';

/** The job that trains the experiment in the editors, or null while it cannot train. */
export function readyJob(state: AppState): { job: TrainJob; key: string } | null {
  const experiment = state.editor.experiment;
  const { prepared } = state;
  if (prepared.key !== canonicalJson(experiment.dataset)) return null;
  const { info, loadable } = prepared;
  if (info === null || loadable === null) return null;
  if (analyseStack(hiddenLayers(experiment), info).error !== null) return null;
  if (memoryError(state) !== null) return null;
  return { job: jobOf(experiment, state.place, info, loadable), key: modelKey(experiment) };
}

/**
 * The experiment in the editors, its data ready, cannot train as it stands: a layer breaks the
 * stack, or the job needs more memory than the backend has. Whoever waits to train it (a
 * notebook's Run all) is told no at once, and the reason stays on screen beside Train.
 */
function refused(state: AppState): boolean {
  const experiment = state.editor.experiment;
  const { prepared } = state;
  if (state.backend === null || prepared.info === null) return false;
  if (prepared.key !== canonicalJson(experiment.dataset)) return false;
  const broken = analyseStack(hiddenLayers(experiment), prepared.info).error !== null;
  return broken || memoryError(state) !== null;
}

interface PendingWeights {
  key: string;
  weights: SharedWeights;
  settle(result: Result<void, GradlabError>): void;
}

export function createTrainSlice(
  worker: TrainWorker,
  now: () => number = Date.now,
): Slice<AppState, TrainSlice> {
  return (set, get) => {
    let pendingWeights: PendingWeights | null = null;
    const runWaiters = new Map<string, ((end: RunEnd) => void)[]>();
    let trainableWaiters: { place: ExperimentPlace; resolve(trainable: boolean): void }[] = [];

    /** Tells whoever waits to train (whenTrainable) once it is decided. */
    function answerTrainable() {
      if (trainableWaiters.length === 0) return;
      const state = get();
      const failed = state.prepared.error !== null || refused(state);
      const ready = state.backend !== null && !isActive(state) && readyJob(state) !== null;
      const waiting = trainableWaiters;
      trainableWaiters = [];
      for (const waiter of waiting) {
        // The place is a new object each time an experiment is opened.
        if (waiter.place !== state.place || failed) waiter.resolve(false);
        else if (ready) waiter.resolve(true);
        else trainableWaiters.push(waiter);
      }
    }

    const superseded = () =>
      err(
        new WorkerError({
          name: 'SupersededError',
          code: 'superseded',
          message: 'A run or another experiment came first, so the shared weights were not loaded.',
        }),
      );

    function dropPendingWeights() {
      pendingWeights?.settle(superseded());
      pendingWeights = null;
    }

    function settleRun(runId: string, end: RunEnd) {
      for (const resolve of runWaiters.get(runId) ?? []) resolve(end);
      runWaiters.delete(runId);
    }

    /** Starts run `id` of the experiment in the editors: `start` or `step`. */
    function begin(type: 'start' | 'step'): string | null {
      const state = get();
      const ready = readyJob(state);
      if (ready === null || state.backend === null) return null;
      dropPendingWeights();
      const previous = state.run;
      if (previous !== null) settleRun(previous.id, 'stopped');
      const id = randomId();
      const run: ActiveRun = {
        id,
        experiment: state.editor.experiment,
        place: state.place,
        datasetSha256: state.prepared.record?.sha256 ?? null,
        clock: startClock(type === 'start' ? 'running' : 'paused', now()),
      };
      set({ ...FRESH, modelKey: ready.key, run, endedRun: null, workerLoss: null });
      worker.bridge.send({ type, job: ready.job, runId: id });
      return id;
    }

    /** The run ends: it is recorded (endedRun), and whoever waits for it is told. */
    function ended(state: AppState, reason: RunEnd, history: EpochRecord[]): Partial<TrainSlice> {
      const run = state.run;
      if (run === null) return {};
      const at = now();
      settleRun(run.id, reason);
      return {
        run: null,
        endedRun: {
          ...run,
          reason,
          epochs: history,
          backend: state.backend,
          durationMs: runningMs(tick(run.clock, 'done', at), at),
          samplesPerSec: state.progress?.samplesPerSec ?? null,
        },
      };
    }

    /** Applies events in order: the worker can finish many epochs, even a run, between two. */
    function appliedAll(events: readonly WorkerEvent[], state: AppState): Partial<TrainSlice> {
      let next: AppState = state;
      const update = (patch: Partial<TrainSlice>) => {
        next = { ...next, ...patch };
      };
      const ours = (runId: string) => next.run?.id === runId;
      for (const event of events) {
        switch (event.type) {
          case 'ready':
            update({ backend: event });
            break;
          case 'status': {
            const { run } = next;
            // The fresh worker's reset says idle; the page still owes the user the loss.
            const lossShown = next.workerLoss !== null && event.status === 'idle';
            update({ status: lossShown ? 'error' : event.status });
            if (run !== null)
              update({ run: { ...run, clock: tick(run.clock, event.status, now()) } });
            if (event.status === 'error') update(ended(next, 'failed', next.history));
            break;
          }
          case 'progress':
            update({ progress: event });
            break;
          case 'epochEnd':
            if (ours(event.runId)) update({ history: [...next.history, epochRecordOf(event)] });
            break;
          case 'done':
            if (ours(event.runId)) update(ended(next, event.reason, next.history));
            break;
          case 'prediction':
            update({ prediction: event.prediction });
            break;
          case 'insights':
            update({ insights: { epoch: event.epoch, ...event.insights } });
            break;
          case 'checkpoint':
            clearWriteFailure(CHECKPOINT_SAVE);
            if (ours(event.runId))
              update({ checkpoint: { runId: event.runId, epoch: event.epoch } });
            break;
          case 'backendLost': {
            // The run goes on from its checkpoint: the epochs after it are trained again.
            const kept = event.resumedFromEpoch;
            update({
              backendLost: event,
              progress: null,
              history: next.history.filter((point) => point.epoch <= kept),
              ...(kept === 0 ? { checkpoint: null } : {}),
            });
            break;
          }
          case 'error':
            // The worker writes only checkpoints: a full disk there shows on every page too, and
            // the next epoch's checkpoint tries again.
            if (event.error.code === 'storage-full') {
              reportWriteFailure({
                what: CHECKPOINT_SAVE,
                message: event.error.message,
                full: true,
              });
            }
            update({ trainError: event.error.message });
            break;
          // Answers to requests settle them in the bridge; they never come here.
          case 'onePrediction':
          case 'featureMaps':
          case 'exported':
          case 'projectData':
          case 'weightsLoaded':
            break;
        }
      }
      return next;
    }

    /** Resets the worker's model to the experiment's, and loads pending shared weights into it. */
    function resetTo(job: TrainJob, key: string) {
      set({ ...FRESH, prediction: null, modelKey: key });
      worker.bridge.send({ type: 'reset', job });
      const pending = pendingWeights;
      if (pending === null) return;
      // Weights for an experiment that is no longer on show belong to no model.
      if (pending.key !== key) {
        dropPendingWeights();
        return;
      }
      pendingWeights = null;
      const { weightSpecs, data } = pending.weights;
      void worker.bridge
        .request(
          { type: 'loadWeights', weightSpecs, data },
          { transfer: [data], timeoutMs: LOAD_WEIGHTS_TIMEOUT_MS },
        )
        .done.then((answer) => pending.settle(answer.ok ? ok(undefined) : answer));
    }

    return {
      backendChoice: 'auto',
      backend: null,
      status: 'idle',
      progress: null,
      history: [],
      prediction: null,
      trainError: null,
      workerLoss: null,
      insights: null,
      checkpoint: null,
      backendLost: null,
      modelKey: null,
      run: null,
      endedRun: null,
      dismissBackendLost() {
        set({ backendLost: null });
      },
      setBackendChoice(choice) {
        const { run } = get();
        if (run !== null) settleRun(run.id, 'stopped');
        set({
          backendChoice: choice,
          backend: null,
          status: 'idle',
          backendLost: null,
          modelKey: null,
          run: null,
          ...FRESH,
        });
        worker.connect(choice);
      },
      applyEvents(events) {
        set((state) => appliedAll(events, state));
      },
      workerLost(error) {
        const state = get();
        // The run the worker took with it: going on, or just ended by the error that broke it.
        const lost = state.run ?? (state.endedRun?.reason === 'failed' ? state.endedRun : null);
        set({
          ...ended(state, 'failed', state.history),
          status: 'error',
          backend: null,
          modelKey: null,
          trainError: null,
          workerLoss: error.message,
        });
        worker.connect(state.backendChoice);
        if (lost !== null) void get().offerResumeOf(lost.id);
      },
      train: () => begin('start'),
      pause() {
        worker.bridge.send({ type: 'pause' });
      },
      resume() {
        worker.bridge.send({ type: 'resume' });
      },
      stop() {
        worker.bridge.send({ type: 'stop' });
      },
      step() {
        const { status, run } = get();
        const ready = readyJob(get());
        if (status === 'paused' && run !== null && ready !== null) {
          worker.bridge.send({ type: 'step', job: ready.job, runId: run.id });
        } else {
          begin('step');
        }
      },
      reset() {
        const ready = readyJob(get());
        if (ready === null || isActive(get())) return;
        set({ workerLoss: null });
        resetTo(ready.job, ready.key);
        // The seeded weights are back: a past run's loaded weights are no longer what it holds.
        if (get().runWeights !== null) get().dismissRunWeights();
      },
      syncModel() {
        answerTrainable();
        const state = get();
        if (state.backend === null || isActive(state)) return;
        const ready = readyJob(state);
        if (ready === null) return;
        const loading = pendingWeights?.key === ready.key;
        if (ready.key !== state.modelKey || loading) resetTo(ready.job, ready.key);
      },
      loadWeights(weights) {
        dropPendingWeights();
        return new Promise((resolve) => {
          pendingWeights = {
            key: modelKey(get().editor.experiment),
            weights,
            settle: resolve,
          };
          get().syncModel();
        });
      },
      resumeRun(checkpoint) {
        const state = get();
        const ready = readyJob(state);
        if (ready === null || state.backend === null) return;
        dropPendingWeights();
        const at = now();
        const run: ActiveRun = {
          id: checkpoint.runId,
          experiment: state.editor.experiment,
          place: state.place,
          datasetSha256: state.prepared.record?.sha256 ?? null,
          clock: startClock('running', at),
        };
        set({
          ...FRESH,
          history: checkpoint.history,
          checkpoint: { runId: checkpoint.runId, epoch: checkpoint.epoch },
          modelKey: ready.key,
          run,
          endedRun: null,
          workerLoss: null,
        });
        worker.bridge.send({ type: 'resumeFrom', job: ready.job, runId: checkpoint.runId });
      },
      whenTrainable() {
        return new Promise((resolve) => {
          trainableWaiters.push({ place: get().place, resolve });
          answerTrainable();
        });
      },
      whenRunEnds(runId) {
        const { run, endedRun } = get();
        if (run?.id !== runId) {
          return Promise.resolve(endedRun?.id === runId ? endedRun.reason : 'stopped');
        }
        return new Promise((resolve) => {
          runWaiters.set(runId, [...(runWaiters.get(runId) ?? []), resolve]);
        });
      },
      async exportWeights(timeoutMs) {
        const answer = await get().ask({ type: 'export' }, { timeoutMs });
        return answer.ok ? runWeightsOf(answer.value) : null;
      },
      ask(question, options = {}) {
        const timeoutMs = options.timeoutMs ?? ASK_TIMEOUT_MS;
        return worker.bridge.request(question, { timeoutMs }).done;
      },
    };
  };
}
