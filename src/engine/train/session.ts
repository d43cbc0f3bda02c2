/**
 * One training run: the loop and its state machine (idle -> running <-> paused -> done | error).
 *
 * The loop never reads back per batch. Loss and accuracy are summed on the device; about ten times
 * a second a copy of the sums is read asynchronously while training goes on, and the next read
 * waits for the previous one, which bounds how far the loop can run ahead of the GPU. The loop
 * yields to the event loop often enough for pause and stop to be handled within a batch.
 */
import * as tf from '@tensorflow/tfjs';
import {
  InvalidStateError,
  NonFiniteLossError,
  serializeError,
  type GradlabError,
} from '../../core/errors';
import type { Dataset } from '../../core/data/dataset';
import { createRng, deriveSeed, shuffledIndices } from '../../core/data/rng';
import { buildModel } from '../model/build';
import type {
  Baseline,
  Emit,
  LoadableWeightSpec,
  TrainJob,
  TrainStatus,
} from '../../core/protocol';
import { err, ok, type Result } from '../../core/result';
import { MetricAccumulator, type MetricSums } from './accumulator';
import { Stopwatch, yieldToEventLoop } from '../../core/train/clock';
import type { TrainConfig } from '../../core/train/config';
import { disposeDeviceData, toDevice, type DeviceData } from './device-data';
import { dropoutLayers, reseedDropout } from './dropout-seeds';
import { evaluate } from './evaluate';
import { predict, predictionInputs, type PredictionInputs } from './predict';
import { prepareJob, type PreparedJob } from '../../core/train/prepare';
import { learningRateAt } from '../../core/train/schedules';
import { loadWeights } from './load-weights';
import { randomId } from '../../core/id';
import { stepModelOf, trainStep, type StepModel } from './train-step';
import { WeightGuard } from './weight-guard';
import { captureCheckpoint, restoreCheckpoint } from './checkpoint';
import { epochRecordOf, type EpochRecord } from '../../core/runs/epoch';
import { type Checkpoint } from '../../core/runs/checkpoint';
import { regressionInsights, validationInsights, weightHistograms } from './insights';
import { tokenInsights } from './sequence-insights';
import { baselineOf } from '../../core/train/baseline';
import { Pacer } from '../../core/train/pacer';
import { predictionRows } from '../../core/experiment/job';
import { memoryJobOf } from '../../core/train/memory-budget';
import { inferenceRows } from '../../core/train/memory-estimate';

/** Where checkpoints go (IndexedDB in the worker); a failed save is reported, not fatal. */
export interface CheckpointSink {
  save(checkpoint: Checkpoint): Promise<Result<void, GradlabError>>;
}

export interface SessionOptions {
  /** Saves a checkpoint at epoch ends, paced by its cost (CHECKPOINT_PACE), and at the last. */
  checkpoints?: CheckpointSink;
  /** The run's id, chosen by the page so its record and checkpoints share it; random if absent. */
  runId?: string;
}

/**
 * Checkpoints (and the last epoch's), while no save is under way: at most every 500 ms, as a small
 * model finishes dozens of epochs a second and a reload should lose little; and paced by what the
 * capture costs, a readback of every weight and optimizer slot that stalls a GPU's queue (on
 * software WebGPU it held the UI-open run to 0.78 of the headless one), at most 5% of the time.
 */
const CHECKPOINT_PACE = { share: 0.05, minIntervalMs: 500 };
/**
 * The decision boundary (a grid prediction and its readback) and the insights (confusion matrix,
 * validation predictions, histograms) are there to be watched, so they are paced by what they cost
 * here: each takes at most 5% of the worker's time, and they come at most every 150 ms and 1 s.
 */
const PREDICTION_PACE = { share: 0.05, minIntervalMs: 150 };
const INSIGHTS_PACE = { share: 0.05, minIntervalMs: 1000 };

const REPORT_INTERVAL_MS = 100;
const YIELD_INTERVAL_MS = 16;
/** Salt for the per-epoch shuffle seed, apart from the split and the initialisers. */
export const SHUFFLE_SALT = 0x5eed;

interface Position {
  epoch: number;
  batch: number;
}

export class TrainingSession {
  private status: TrainStatus = 'idle';
  private paused = false;
  private stopRequested = false;
  private stepsRequested = 0;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  /** Epochs completed; the epoch being trained is `epoch + 1`. */
  private epoch = 0;
  private batch = 0;
  private samplesInEpoch = 0;
  private order: tf.Tensor1D | null = null;
  private pendingRead: Promise<void> | null = null;
  private diverged: Position | null = null;
  private lastReportAt = 0;
  private lastYieldAt = 0;
  private readonly predictions = new Pacer(PREDICTION_PACE);
  private readonly active = new Stopwatch();
  private rateBase = { samples: 0, ms: 0 };
  private samplesPerSec = 0;

  private readonly config: TrainConfig;
  /** Whether accuracy is counted: classes, or tokens; not for a regression target. */
  private readonly scored: boolean;
  private readonly batchesPerEpoch: number;
  /** The model, its optimizer and what a step needs of the config: made once, used per batch. */
  private readonly stepModel: StepModel;
  private readonly accumulator = new MetricAccumulator();
  private guard: WeightGuard;
  private readonly dropouts: ReturnType<typeof dropoutLayers>;
  private steps = 0;
  private runId = randomId();
  private history: EpochRecord[] = [];
  private job: TrainJob | null = null;
  private checkpoints: CheckpointSink | null = null;
  private readonly checkpointPace = new Pacer(CHECKPOINT_PACE);
  private savingCheckpoint: Promise<void> = Promise.resolve();
  private checkpointsInFlight = 0;
  private readonly insights = new Pacer(INSIGHTS_PACE);
  private readonly numClasses: number;
  /** Examples per chunk of validation and insights: no more memory than a training step. */
  private readonly inferenceRows: number;
  private readonly validationLabels: Int32Array | null;
  private readonly validationRows: Int32Array | null;
  private readonly validationTargets: Float32Array | null;
  /** A next-token model's validation targets, for the token accuracy of a toy task's answers. */
  private readonly validationTokens: Int32Array | null;
  /** Always the training split's majority class or mean: what the model's figures must beat. */
  private readonly baseline: Baseline | null;
  /** Set when the backend died under the run: the session falls silent and is only disposed. */
  private abandoned = false;
  private markAbandoned: () => void = () => {};
  private readonly abandonedSignal = new Promise<void>((resolve) => (this.markAbandoned = resolve));
  private readonly emit: Emit = (event) => {
    if (!this.abandoned) this.emitEvent(event);
  };

  private constructor(
    prepared: PreparedJob,
    private readonly model: tf.LayersModel,
    private readonly train: DeviceData,
    private readonly validation: DeviceData | null,
    private readonly grid: PredictionInputs | null,
    private readonly emitEvent: Emit,
  ) {
    this.config = prepared.config;
    this.scored = prepared.dataset.task !== 'regression';
    this.numClasses = prepared.dataset.task === 'regression' ? 0 : prepared.dataset.numClasses;
    const dataset = { ...prepared.dataset, numClasses: this.numClasses };
    const rows = predictionRows(dataset, prepared.gridResolution);
    this.inferenceRows = inferenceRows(
      memoryJobOf(prepared.spec, prepared.summary, prepared.config, dataset, rows),
    );
    this.validationLabels =
      prepared.validation?.task === 'classification' ? prepared.validation.labels : null;
    this.validationRows = prepared.validationRows;
    this.validationTargets =
      prepared.validation?.task === 'regression' ? prepared.validation.targets : null;
    this.validationTokens =
      prepared.validation?.task === 'sequence' ? prepared.validation.targets : null;
    this.baseline = baselineOf(prepared.train, prepared.validation);
    this.batchesPerEpoch = Math.ceil(train.n / this.config.batchSize);
    this.stepModel = stepModelOf(model, this.config, this.scored);
    this.guard = new WeightGuard(model);
    this.dropouts = dropoutLayers(model);
  }

  /** Validates the job and puts its data and model on the active backend; nothing runs yet. */
  static create(
    job: TrainJob,
    data: Dataset,
    emit: Emit,
    options: SessionOptions = {},
  ): Result<TrainingSession, GradlabError> {
    const prepared = prepareJob(job, data);
    if (!prepared.ok) return prepared;
    const created = TrainingSession.fromPrepared(prepared.value, emit);
    if (created.ok) {
      created.value.job = job;
      created.value.checkpoints = options.checkpoints ?? null;
      if (options.runId !== undefined) created.value.runId = options.runId;
    }
    return created;
  }

  /**
   * Puts a checkpoint's weights and optimizer state into this (idle) session, which then goes on
   * from the epoch after it, under the same run id and with its curve so far.
   */
  async restore(checkpoint: Checkpoint): Promise<void> {
    await restoreCheckpoint(this.model, this.stepModel.optimizer, checkpoint);
    this.guard.dispose();
    this.guard = new WeightGuard(this.model);
    this.epoch = checkpoint.epoch;
    this.steps = checkpoint.steps;
    this.runId = checkpoint.runId;
    this.history = checkpoint.history.map((record) => ({ ...record }));
    this.rateBase = { samples: this.epoch * this.train.n, ms: 0 };
  }

  /** For data that does not come from a job (benchmarks on random data). */
  static fromPrepared(p: PreparedJob, emit: Emit): Result<TrainingSession, GradlabError> {
    const train = toDevice(p.train);
    const validation = p.validation ? toDevice(p.validation) : null;
    const grid = predictionInputs(p.dataset, p.gridResolution);
    try {
      const model = buildModel(p.spec, p.dataset.inputShape, p.config.seed);
      return ok(new TrainingSession(p, model, train, validation, grid, emit));
    } catch (error) {
      disposeDeviceData(train);
      disposeDeviceData(validation);
      grid?.inputs.dispose();
      return err(error as GradlabError);
    }
  }

  get currentStatus(): TrainStatus {
    return this.status;
  }

  /** The model as trained so far, for questions about it (predictions, feature maps, export). */
  get currentModel(): tf.LayersModel {
    return this.model;
  }

  /** The run's id, under which its checkpoints are saved. */
  get currentRunId(): string {
    return this.runId;
  }

  /**
   * A sweep's trial (see TrainJob's `sweep`): only its epoch ends and its end are reported, and
   * only its last epoch is checkpointed: a reload starts a sweep's unfinished trial again from the
   * start of its rung, and successive halving continues a promoted one from its last epoch.
   */
  private get quiet(): boolean {
    return this.job?.sweep !== undefined;
  }

  /** The job the session was created for; null for benchmark sessions built from data. */
  get currentJob(): TrainJob | null {
    return this.job;
  }

  /** Starts the run; `paused` starts it parked, as a run that was paused when it moved here. */
  start(options: { paused?: boolean } = {}): void {
    if (this.status !== 'idle') return;
    if (options.paused) this.paused = true;
    this.loop = this.run();
  }

  /**
   * Drops a run whose backend lost its GPU: from now on it emits and saves nothing (its values
   * would be garbage), stops at its next step, and dispose() no longer waits for the loop, which
   * may be stuck on a read that a lost context never answers.
   */
  abandon(): void {
    this.abandoned = true;
    this.checkpoints = null;
    this.stop();
    this.markAbandoned();
  }

  /**
   * Puts shared weights into this idle model (see load-weights.ts for the checks); the weight
   * guard starts again from them, so a later divergence goes back to these and not the seed's.
   */
  loadWeights(specs: readonly LoadableWeightSpec[], data: ArrayBuffer): Result<void, GradlabError> {
    if (this.status === 'running' || this.status === 'paused') {
      return err(new InvalidStateError('Weights can only be loaded while no run is going.'));
    }
    const loaded = loadWeights(this.model, specs, data);
    if (!loaded.ok) return loaded;
    this.guard.dispose();
    this.guard = new WeightGuard(this.model);
    return loaded;
  }

  pause(): void {
    if (this.status === 'running') this.paused = true;
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.paused = false;
    this.wakeUp();
  }

  /** Trains one batch, then stays paused. From idle it starts a paused run. */
  step(): void {
    if (this.status === 'idle' && !this.loop) {
      this.paused = true;
      this.stepsRequested = 1;
      this.loop = this.run();
    } else if (this.status === 'paused') {
      this.stepsRequested += 1;
      this.wakeUp();
    }
  }

  stop(): void {
    this.stopRequested = true;
    this.wakeUp();
  }

  /** Emits what the model predicts now (for the initial decision boundary). */
  async showPrediction(): Promise<void> {
    if (!this.grid) return;
    this.emit({
      type: 'prediction',
      epoch: this.epoch,
      prediction: await predict(this.model, this.grid),
    });
  }

  /**
   * What the views show of weights just loaded: the prediction and what the model gets right on
   * the validation set (confusion matrix, examples, histograms), as at a run's last epoch.
   */
  async showLoadedModel(): Promise<void> {
    await this.showPrediction();
    await this.showInsights();
  }

  /** Stops the run if one is going, waits for the loop to end, and frees every tensor. */
  async dispose(): Promise<void> {
    this.stop();
    await Promise.race([this.loop, this.abandonedSignal]);
    await this.savingCheckpoint;
    this.accumulator.dispose();
    this.guard.dispose();
    this.stepModel.optimizer.dispose();
    this.model.dispose();
    disposeDeviceData(this.train);
    disposeDeviceData(this.validation);
    this.grid?.inputs.dispose();
    this.order?.dispose();
  }

  private async run(): Promise<void> {
    try {
      this.setStatus(this.paused ? 'paused' : 'running');
      this.active.start();
      this.lastYieldAt = performance.now();
      while (this.epoch < this.config.epochs && !this.stopRequested) {
        if (this.paused && this.stepsRequested === 0) {
          await this.park();
          continue;
        }
        if (this.batch === 0) this.beginEpoch();
        this.trainBatch();
        const stepping = this.stepsRequested > 0;
        if (stepping) this.stepsRequested -= 1;
        if (this.batch === this.batchesPerEpoch) await this.endEpoch();
        else if (stepping) await this.report();
        else await this.maybeReport();
        if (this.diverged) return await this.fail(this.diverged);
      }
      await this.flush();
      if (this.diverged) return await this.fail(this.diverged);
      await this.finish();
    } catch (error) {
      this.active.stop();
      this.emit({ type: 'error', error: serializeError(error) });
      this.setStatus('error');
    }
  }

  private beginEpoch(): void {
    this.order?.dispose();
    const seed = deriveSeed(this.config.seed, SHUFFLE_SALT, this.epoch);
    this.order = tf.tensor1d(shuffledIndices(this.train.n, createRng(seed)), 'int32');
    this.stepModel.optimizer.setLearningRate(learningRateAt(this.config, this.epoch));
    this.accumulator.reset();
    this.samplesInEpoch = 0;
  }

  private trainBatch(): void {
    const { batchSize } = this.config;
    const start = this.batch * batchSize;
    const size = Math.min(batchSize, this.train.n - start);
    const order = this.order as tf.Tensor1D;
    reseedDropout(this.dropouts, this.config.seed, this.steps);
    trainStep(this.stepModel, this.train, order, start, size, this.accumulator);
    this.batch += 1;
    this.steps += 1;
    this.samplesInEpoch += size;
  }

  /** Starts an asynchronous read when one is due; yields so commands get through. */
  private async maybeReport(): Promise<void> {
    const now = performance.now();
    if (now - this.lastReportAt >= REPORT_INTERVAL_MS) await this.report();
    if (now - this.lastYieldAt >= YIELD_INTERVAL_MS) {
      await yieldToEventLoop();
      this.lastYieldAt = performance.now();
    }
  }

  /** Starts a read once the previous one is back: the loop runs at most one read ahead. */
  private async report(): Promise<void> {
    await this.pendingRead;
    this.lastReportAt = performance.now();
    this.pendingRead = this.readProgress();
  }

  private async flush(): Promise<void> {
    await this.pendingRead;
    this.pendingRead = null;
  }

  /** Snapshots the sums and the weights now; reports when the read comes back. */
  private async readProgress(): Promise<void> {
    const at = { epoch: this.epoch + 1, batch: this.batch };
    const sums = await this.readSums();
    if (!sums) {
      this.diverged ??= at;
      return;
    }
    if (this.quiet) return;
    this.emit({
      type: 'progress',
      ...at,
      batchesPerEpoch: this.batchesPerEpoch,
      ...this.metricsOf(sums),
      samplesPerSec: this.measureRate(),
    });
  }

  /** Reads the sums (and vouches for the weights) or returns null when they are not finite. */
  private async readSums(): Promise<MetricSums | null> {
    const snapshot = this.accumulator.snapshot();
    this.guard.capture();
    const sums = await MetricAccumulator.read(snapshot);
    if (!Number.isFinite(sums.lossSum)) return null;
    this.guard.verified();
    return sums;
  }

  private async endEpoch(): Promise<void> {
    await this.flush();
    if (this.diverged) return;
    const sums = await this.readSums();
    if (!sums) {
      this.diverged = { epoch: this.epoch + 1, batch: this.batch };
      return;
    }
    const samplesPerSec = this.measureRate();
    const validation = this.validation
      ? await evaluate(
          this.model,
          this.validation,
          this.config.loss,
          this.scored,
          this.inferenceRows,
        )
      : null;
    this.epoch += 1;
    this.batch = 0;
    const epochEnd = {
      type: 'epochEnd' as const,
      runId: this.runId,
      epoch: this.epoch,
      train: this.metricsOf(sums),
      validation,
      samplesPerSec,
      numTensors: tf.memory().numTensors,
    };
    this.emit(epochEnd);
    this.history.push(epochRecordOf(epochEnd));
    const last = this.epoch === this.config.epochs;
    if (this.quiet) {
      if (last) await this.saveCheckpoint();
      return;
    }
    if (last || this.predictions.due(performance.now())) {
      await paced(this.predictions, () => this.showPrediction());
    }
    if (last || this.insights.due(performance.now())) {
      await paced(this.insights, () => this.showInsights());
    }
    const due = this.checkpointsInFlight === 0 && this.checkpointPace.due(performance.now());
    if (last || due) await paced(this.checkpointPace, () => this.saveCheckpoint());
  }

  /**
   * What the model gets right and wrong on the validation set (classes, or the values it
   * predicts), what always giving one answer scores, and how its weights spread.
   */
  private async showInsights(): Promise<void> {
    const histograms = await weightHistograms(this.model);
    const labels = this.validationLabels;
    const rows = this.validationRows;
    const targets = this.validationTargets;
    const judged =
      this.validation && labels && rows
        ? await validationInsights(
            this.model,
            this.validation.xs,
            labels,
            rows,
            this.numClasses,
            this.inferenceRows,
          )
        : null;
    const regression =
      this.validation && targets
        ? await regressionInsights(this.model, this.validation.xs, targets, this.inferenceRows)
        : null;
    // Answer by answer for toy tasks; a language model's every position is not an answer.
    const toyTask = this.job?.experiment.dataset.kind === 'sequence';
    const tokens =
      this.validation && this.validationTokens && toyTask
        ? await tokenInsights(this.model, this.validation.xs, this.validationTokens)
        : null;
    this.emit({
      type: 'insights',
      epoch: this.epoch,
      insights: {
        confusion: judged?.confusion ?? null,
        examples: judged?.examples ?? null,
        regression,
        baseline: this.baseline,
        histograms,
        tokens,
      },
    });
  }

  /**
   * Captures the weights and the optimizer state before the next step (the capture must not
   * straddle a step); the write to storage goes on while training continues.
   */
  private async saveCheckpoint(): Promise<void> {
    const sink = this.checkpoints;
    if (!sink || !this.job) return;
    const checkpoint = await captureCheckpoint(this.model, this.stepModel.optimizer, {
      runId: this.runId,
      epoch: this.epoch,
      history: this.history,
      job: this.job,
      steps: this.steps,
    });
    const previous = this.savingCheckpoint;
    this.checkpointsInFlight += 1;
    this.savingCheckpoint = previous.then(async () => {
      const saved = await sink.save(checkpoint);
      this.checkpointsInFlight -= 1;
      if (saved.ok) {
        this.emit({ type: 'checkpoint', runId: checkpoint.runId, epoch: checkpoint.epoch });
      } else if (saved.error.code !== 'storage-unavailable') {
        // Without storage at all (private mode, running from memory) the page already says that
        // nothing is kept; the run itself is fine and goes on, it just cannot be resumed.
        this.emit({ type: 'error', error: serializeError(saved.error) });
      }
    });
  }

  /** Means over the examples, or the tokens that are not padding, summed since the epoch began. */
  private metricsOf(sums: MetricSums) {
    return {
      loss: sums.lossSum / sums.count,
      accuracy: this.scored ? sums.correct / sums.count : null,
    };
  }

  /** Samples per second of active time since the previous measurement. */
  private measureRate(): number {
    const samples = this.epoch * this.train.n + this.samplesInEpoch;
    const ms = this.active.read();
    const dt = ms - this.rateBase.ms;
    if (dt > 0) this.samplesPerSec = ((samples - this.rateBase.samples) * 1000) / dt;
    this.rateBase = { samples, ms };
    return Math.max(0, this.samplesPerSec);
  }

  private async park(): Promise<void> {
    await this.flush();
    this.active.stop();
    this.setStatus('paused');
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    this.active.start();
    this.rateBase = { ...this.rateBase, ms: this.active.read() };
    if (!this.paused && !this.stopRequested) this.setStatus('running');
  }

  private wakeUp(): void {
    this.wake?.();
  }

  private async fail(at: Position): Promise<void> {
    await this.flush();
    this.active.stop();
    this.guard.restore();
    const error = new NonFiniteLossError(
      `The loss became NaN or infinite in epoch ${at.epoch} (by batch ${at.batch}), so training ` +
        'stopped and the weights went back to the last good ones. Try a smaller learning rate.',
    );
    this.emit({ type: 'error', error: serializeError(error) });
    await this.showPrediction();
    this.setStatus('error');
  }

  private async finish(): Promise<void> {
    this.active.stop();
    const reason = this.stopRequested ? 'stopped' : 'completed';
    if (reason === 'stopped' && !this.quiet) await this.showPrediction();
    this.emit({ type: 'done', runId: this.runId, reason, epochs: this.epoch });
    this.setStatus('done');
  }

  private setStatus(status: TrainStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit({ type: 'status', status });
  }
}

/** Runs `work` and tells `pacer` what it cost. */
async function paced(pacer: Pacer, work: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await work();
  pacer.ran(start, performance.now() - start);
}
