/**
 * Sweep trials trained side by side as one stacked model (which trials: core/sweep/group.ts).
 *
 * K dense networks of the same shape become one: each weight gets a leading axis of K, a layer is
 * one batched matrix product, and one step trains all K on their own batches. On a processor
 * backend a small model's step is mostly the fixed cost of its hundred or so kernels, so K models
 * cost little more than one. Each member is its solo run to float rounding: its initial weights
 * come from a model built from its seed, its data from its own dataset (a generated dataset's
 * points follow the seed; the distinct datasets lie one after another on the device), its training
 * rows from its seed's split, its batches from its seed's shuffle (as session.ts shuffles), its
 * update from the same optimizer formula
 * at its own learning rate; the members' losses are summed for the gradient, and no operation
 * mixes members, so one whose loss becomes NaN fails alone and the others go on.
 *
 * Like a solo trial it is quiet: it reports its epoch ends and its end, and keeps no checkpoint
 * (successive halving, which goes on from checkpoints, trains its trials alone).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';
import { createRng, deriveSeed, shuffledIndices } from '../../core/data/rng';
import { splitIndices } from '../../core/data/split';
import {
  InvalidStateError,
  NonFiniteLossError,
  serializeError,
  type GradlabError,
} from '../../core/errors';
import type { Activation, DenseLayer, ModelSpec } from '../../core/model/spec';
import type { Emit, Metrics, TrainJob, TrainStatus } from '../../core/protocol';
import { err, ok, type Result } from '../../core/result';
import { groupKeyOf } from '../../core/sweep/group';
import { Stopwatch, yieldToEventLoop } from '../../core/train/clock';
import type { TrainConfig } from '../../core/train/config';
import { prepareJob } from '../../core/train/prepare';
import { learningRateAt } from '../../core/train/schedules';
import { buildModel } from '../model/build';
import { disposeDeviceData, toDevice, type DeviceData } from './device-data';
import { MOMENTUM } from './optimizers';
import { SHUFFLE_SALT } from './session';

export interface GroupTrial {
  job: TrainJob;
  runId: string;
}

interface Member {
  runId: string;
  config: TrainConfig;
  /** Built from the member's seed: its initial weights, and its trained ones for the export. */
  model: tf.LayersModel;
  /**
   * The rows of its training split on the device, in the split's order (as prepareJob takes
   * them): its dataset's rows, after the datasets before its own.
   */
  trainRows: Int32Array;
  /** The same for its validation split. */
  validationRows: Int32Array;
  failed: boolean;
}

/** One weight of the stacked model and the optimizer's slots for it. */
interface StackedWeight {
  value: tf.Variable;
  /** Adam's first moment, or momentum's accumulation; null for plain SGD. */
  first: tf.Variable | null;
  /** Adam's second moment. */
  second: tf.Variable | null;
}

interface StackedLayer {
  activation: Activation;
  kernel: StackedWeight | null;
  bias: StackedWeight | null;
}

const ADAM = { beta1: 0.9, beta2: 0.999 };
const YIELD_INTERVAL_MS = 16;
/** Rows x features of a validation chunk across all members: bounds its activations' memory. */
const VALIDATION_CHUNK_VALUES = 1 << 20;

const activate = (name: Activation, x: tf.Tensor): tf.Tensor => {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softmax':
      return tf.softmax(x, -1);
    case 'elu':
      return tf.elu(x);
    case 'selu':
      return tf.selu(x);
    case 'softplus':
      return tf.softplus(x);
  }
};

/** Per member [K]: the mean loss over its rows, as losses.ts' meanLoss is for one model. */
function memberLosses(loss: TrainConfig['loss'], y: tf.Tensor, p: tf.Tensor): tf.Tensor1D {
  switch (loss) {
    case 'categoricalCrossentropy':
      return tf.metrics.categoricalCrossentropy(y, p).mean(-1);
    case 'meanSquaredError':
      return tf.squaredDifference(y, p).mean([1, 2]);
    case 'meanAbsoluteError':
      return tf.abs(tf.sub(y, p)).mean([1, 2]);
    default:
      throw new InvalidStateError(`A group cannot train with the ${loss} loss.`);
  }
}

/** Per member [K]: its rows classified right. */
const memberCorrect = (y: tf.Tensor, p: tf.Tensor): tf.Tensor1D =>
  tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)).toFloat().sum(-1);

export class GroupSession {
  private status: TrainStatus = 'idle';
  private paused = false;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private epoch = 0;
  private readonly active = new Stopwatch();
  private lastYieldAt = 0;
  private rateBase = { samples: 0, ms: 0 };
  /** The members' rates, -learningRate, shaped [K, 1, 1] to scale their updates. */
  private negativeRates: tf.Tensor3D | null = null;
  /** beta1^t and beta2^t for the next Adam step t, in float32 as TF.js keeps them. */
  private adamPowers = { beta1: Math.fround(ADAM.beta1), beta2: Math.fround(ADAM.beta2) };
  private readonly batchesPerEpoch: number;
  private readonly epochs: number;

  private constructor(
    private readonly members: Member[],
    private readonly layers: StackedLayer[],
    private readonly data: DeviceData,
    /** The members' validation rows [K, n]; null without a validation split. */
    private readonly validationRows: tf.Tensor2D | null,
    private readonly trainRows: number,
    private readonly shared: TrainConfig,
    /** Whether accuracy is counted: classes, not a regression target. */
    private readonly scored: boolean,
    private readonly emit: Emit,
  ) {
    this.batchesPerEpoch = Math.ceil(trainRows / shared.batchSize);
    this.epochs = shared.epochs;
  }

  /**
   * Checks that the trials group, and puts their data and stacked model on the backend;
   * `datasets[i]` is what trial i's dataset names (the same object where they name the same).
   */
  static create(
    trials: readonly GroupTrial[],
    datasets: readonly Dataset[],
    emit: Emit,
  ): Result<GroupSession, GradlabError> {
    const first = trials[0];
    const data = datasets[0];
    const key = first === undefined ? null : groupKeyOf(first.job);
    if (
      first === undefined ||
      data === undefined ||
      key === null ||
      datasets.length !== trials.length ||
      trials.some((t) => groupKeyOf(t.job) !== key) ||
      datasets.some((d) => !sameShape(d, data))
    ) {
      return err(new InvalidStateError('These sweep trials cannot train as one group.'));
    }
    const prepared = [];
    for (const [i, trial] of trials.entries()) {
      const job = prepareJob(trial.job, datasets[i] ?? data);
      if (!job.ok) return job;
      prepared.push(job.value);
    }
    const blocks = [...new Set(datasets)];
    const base = prepared[0];
    if (base === undefined) {
      return err(new InvalidStateError('A group needs at least one trial.'));
    }
    const { spec, config } = base;
    if (data.inputShape.length !== 1) {
      return err(new InvalidStateError('A group trains models of one row of features.'));
    }
    const members: Member[] = [];
    try {
      for (const [i, trial] of trials.entries()) {
        const memberConfig = prepared[i]?.config ?? base.config;
        const split = splitIndices(data.n, memberConfig.validationSplit, memberConfig.seed);
        const offset = blocks.indexOf(datasets[i] ?? data) * data.n;
        members.push({
          runId: trial.runId,
          config: memberConfig,
          model: buildModel(spec, data.inputShape, memberConfig.seed),
          trainRows: split.train.map((row) => row + offset),
          validationRows: split.validation.map((row) => row + offset),
          failed: false,
        });
      }
    } catch (error) {
      for (const member of members) member.model.dispose();
      return err(error as GradlabError);
    }
    const layers = stackLayers(spec, members, config.optimizer);
    const validationRows = validationRowsOf(members);
    const trainRows = members[0]?.trainRows.length ?? 0;
    return ok(
      new GroupSession(
        members,
        layers,
        onDevice(blocks),
        validationRows,
        trainRows,
        config,
        data.task === 'classification',
        emit,
      ),
    );
  }

  get currentStatus(): TrainStatus {
    return this.status;
  }

  /** The run's model, with its trained weights once the group has ended; null if not a member. */
  modelOf(runId: string): tf.LayersModel | null {
    return this.members.find((m) => m.runId === runId)?.model ?? null;
  }

  start(): void {
    if (this.status !== 'idle') return;
    this.loop = this.run();
  }

  pause(): void {
    if (this.status === 'running') this.paused = true;
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.paused = false;
    this.wake?.();
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  async dispose(): Promise<void> {
    this.stop();
    await this.loop;
    for (const layer of this.layers) {
      for (const weight of [layer.kernel, layer.bias]) {
        if (weight) tf.dispose([weight.value, weight.first ?? [], weight.second ?? []]);
      }
    }
    for (const member of this.members) member.model.dispose();
    disposeDeviceData(this.data);
    this.validationRows?.dispose();
    this.negativeRates?.dispose();
  }

  private async run(): Promise<void> {
    try {
      this.setStatus('running');
      this.active.start();
      this.lastYieldAt = performance.now();
      while (this.epoch < this.epochs && !this.stopRequested && this.anyAlive()) {
        await this.trainEpoch();
      }
      this.active.stop();
      this.writeBack();
      const reason = this.stopRequested ? 'stopped' : 'completed';
      for (const member of this.members) {
        if (!member.failed) {
          this.emit({ type: 'done', runId: member.runId, reason, epochs: this.epoch });
        }
      }
      this.setStatus('done');
    } catch (error) {
      this.active.stop();
      this.emit({ type: 'error', error: serializeError(error) });
      this.setStatus('error');
    }
  }

  private anyAlive(): boolean {
    return this.members.some((m) => !m.failed);
  }

  private async trainEpoch(): Promise<void> {
    const order = this.epochOrder();
    this.negativeRates?.dispose();
    this.negativeRates = tf.tensor3d(
      this.members.map((m) => -learningRateAt(m.config, this.epoch)),
      [this.members.length, 1, 1],
    );
    let sums = tf.zeros([2, this.members.length]) as tf.Tensor2D;
    const { batchSize } = this.shared;
    for (let batch = 0; batch < this.batchesPerEpoch; batch++) {
      if (this.stopRequested) break;
      const start = batch * batchSize;
      const size = Math.min(batchSize, this.trainRows - start);
      const previous = sums;
      sums = tf.tidy(() => previous.add(this.step(order, start, size)) as tf.Tensor2D);
      previous.dispose();
      await this.maybeYield();
    }
    order.dispose();
    if (this.stopRequested) {
      sums.dispose();
      return;
    }
    const [lossSums = [], correct = []] = (await sums.array()) as number[][];
    sums.dispose();
    const validation = await this.validate();
    this.epoch += 1;
    const samplesPerSec = this.measureRate();
    const numTensors = tf.memory().numTensors;
    for (const [k, member] of this.members.entries()) {
      if (member.failed) continue;
      const lossSum = lossSums[k] ?? NaN;
      if (!Number.isFinite(lossSum)) {
        member.failed = true;
        const error = new NonFiniteLossError(
          `The loss became NaN or infinite in epoch ${this.epoch}, so this run stopped. Try a ` +
            'smaller learning rate.',
        );
        this.emit({ type: 'trialFailed', runId: member.runId, error: serializeError(error) });
        continue;
      }
      this.emit({
        type: 'epochEnd',
        runId: member.runId,
        epoch: this.epoch,
        train: {
          loss: lossSum / this.trainRows,
          accuracy: this.scored ? (correct[k] ?? 0) / this.trainRows : null,
        },
        validation: validation?.[k] ?? null,
        samplesPerSec,
        numTensors,
      });
    }
  }

  /** Each member's shuffle of its own training rows, as dataset rows [K, n] (session.ts' order). */
  private epochOrder(): tf.Tensor2D {
    const n = this.trainRows;
    const rows = new Int32Array(this.members.length * n);
    for (const [k, member] of this.members.entries()) {
      const seed = deriveSeed(member.config.seed, SHUFFLE_SALT, this.epoch);
      const order = shuffledIndices(n, createRng(seed));
      for (let i = 0; i < n; i++) rows[k * n + i] = member.trainRows[order[i] ?? 0] ?? 0;
    }
    return tf.tensor2d(rows, [this.members.length, n], 'int32');
  }

  /** One step of every member on its rows [start, start + size); its [loss * size, correct]. */
  private step(order: tf.Tensor2D, start: number, size: number): tf.Tensor2D {
    const k = this.members.length;
    const rows = order.slice([0, start], [k, size]).reshape([k * size]);
    const x = tf.gather(this.data.xs, rows).reshape([k, size, -1]);
    const y = tf.gather(this.data.ys, rows).reshape([k, size, -1]);
    const seen: { losses: tf.Tensor1D | null; correct: tf.Tensor1D | null } = {
      losses: null,
      correct: null,
    };
    const { grads } = tf.variableGrads(() => {
      const p = this.forward(x);
      const losses = memberLosses(this.shared.loss, y, p);
      seen.losses = tf.keep(losses);
      if (this.scored) seen.correct = tf.keep(memberCorrect(y, p));
      return losses.sum();
    }, this.variables());
    this.update(grads);
    // Kept tensors outlive every tidy around them.
    const { losses, correct } = seen;
    const sums = tf.stack([(losses ?? tf.zeros([k])).mul(size), correct ?? tf.zeros([k])]);
    tf.dispose([losses ?? [], correct ?? []]);
    return sums as tf.Tensor2D;
  }

  private forward(x: tf.Tensor): tf.Tensor {
    let h = x;
    for (const layer of this.layers) {
      if (layer.kernel) h = tf.matMul(h, layer.kernel.value);
      if (layer.bias) h = tf.add(h, layer.bias.value);
      h = activate(layer.activation, h);
    }
    return h;
  }

  private variables(): tf.Variable[] {
    return this.layers.flatMap((layer) =>
      [layer.kernel, layer.bias].flatMap((w) => (w ? [w.value] : [])),
    );
  }

  /** TF.js's SGD, momentum or Adam update (the same formulas), each member at its own rate. */
  private update(grads: tf.NamedTensorMap): void {
    const rates = this.negativeRates;
    if (rates === null) return;
    const optimizer = this.shared.optimizer;
    // TF.js keeps beta1^t and beta2^t in float32 scalars that it multiplies at each step.
    const correction1 = Math.fround(1 - this.adamPowers.beta1);
    const correction2 = Math.fround(1 - this.adamPowers.beta2);
    if (optimizer === 'adam') {
      this.adamPowers = {
        beta1: Math.fround(this.adamPowers.beta1 * Math.fround(ADAM.beta1)),
        beta2: Math.fround(this.adamPowers.beta2 * Math.fround(ADAM.beta2)),
      };
    }
    const epsilon = tf.backend().epsilon();
    for (const layer of this.layers) {
      for (const weight of [layer.kernel, layer.bias]) {
        const gradient = weight ? grads[weight.value.name] : undefined;
        if (!weight || !gradient) continue;
        const { value, first, second } = weight;
        if (optimizer === 'sgd' || first === null) {
          value.assign(tf.add(tf.mul(rates, gradient), value));
        } else if (optimizer === 'momentum') {
          const accumulation = tf.add(tf.mul(first, MOMENTUM), gradient);
          first.assign(accumulation);
          value.assign(tf.add(tf.mul(rates, accumulation), value));
        } else if (second !== null) {
          const m = tf.add(tf.mul(first, ADAM.beta1), tf.mul(gradient, 1 - ADAM.beta1));
          const v = tf.add(tf.mul(second, ADAM.beta2), tf.mul(tf.square(gradient), 1 - ADAM.beta2));
          first.assign(m);
          second.assign(v);
          const step = tf.div(
            tf.div(m, correction1),
            tf.add(tf.sqrt(tf.div(v, correction2)), epsilon),
          );
          value.assign(tf.add(tf.mul(step, rates), value));
        }
      }
    }
  }

  /** Each member's loss and accuracy on its validation rows, in chunks; null without them. */
  private async validate(): Promise<(Metrics | null)[] | null> {
    const rows = this.validationRows;
    if (rows === null) return null;
    const [k = 0, n = 0] = rows.shape;
    const features = this.data.xs.shape[1] ?? 1;
    const chunk = Math.max(1, Math.floor(VALIDATION_CHUNK_VALUES / (k * features)));
    let sums = tf.zeros([2, k]) as tf.Tensor2D;
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const previous = sums;
      sums = tf.tidy(() => {
        const picked = rows.slice([0, start], [k, size]).reshape([k * size]);
        const x = tf.gather(this.data.xs, picked).reshape([k, size, -1]);
        const y = tf.gather(this.data.ys, picked).reshape([k, size, -1]);
        const p = this.forward(x);
        const loss = memberLosses(this.shared.loss, y, p).mul(size);
        const correct = this.scored ? memberCorrect(y, p) : tf.zeros([k]);
        return previous.add(tf.stack([loss, correct])) as tf.Tensor2D;
      });
      previous.dispose();
    }
    const [loss = [], correct = []] = (await sums.array()) as number[][];
    sums.dispose();
    return this.members.map((_, i) => ({
      loss: (loss[i] ?? NaN) / n,
      accuracy: this.scored ? (correct[i] ?? 0) / n : null,
    }));
  }

  /** Puts each member's trained weights into its own model, for the export that follows. */
  private writeBack(): void {
    tf.tidy(() => {
      for (const [k, member] of this.members.entries()) {
        if (member.failed) continue;
        const weights = this.layers.flatMap((layer) =>
          [layer.kernel, layer.bias].flatMap((w) => {
            if (!w) return [];
            const [, ...rest] = w.value.shape;
            const one = w.value.slice([k], [1]);
            return [layer.bias === w ? one.reshape([rest.at(-1) ?? 1]) : one.reshape(rest)];
          }),
        );
        member.model.setWeights(weights);
      }
    });
  }

  private async maybeYield(): Promise<void> {
    if (performance.now() - this.lastYieldAt < YIELD_INTERVAL_MS && !this.paused) return;
    await yieldToEventLoop();
    while (this.paused && !this.stopRequested) await this.park();
    this.lastYieldAt = performance.now();
  }

  private async park(): Promise<void> {
    this.active.stop();
    this.setStatus('paused');
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    this.active.start();
    this.rateBase = { ...this.rateBase, ms: this.active.read() };
    if (!this.paused && !this.stopRequested) this.setStatus('running');
  }

  /** Samples per second of one member, of active time since the previous epoch end. */
  private measureRate(): number {
    const samples = this.epoch * this.trainRows;
    const ms = this.active.read();
    const dt = ms - this.rateBase.ms;
    const rate = dt > 0 ? ((samples - this.rateBase.samples) * 1000) / dt : 0;
    this.rateBase = { samples, ms };
    return Math.max(0, rate);
  }

  private setStatus(status: TrainStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit({ type: 'status', status });
  }
}

/** The members' weights stacked along a new first axis, with zeroed optimizer slots. */
function stackLayers(
  spec: ModelSpec,
  members: readonly Member[],
  optimizer: TrainConfig['optimizer'],
): StackedLayer[] {
  const slots = optimizer === 'adam' ? 2 : optimizer === 'momentum' ? 1 : 0;
  const perMember = members.map((m) => m.model.getWeights());
  let next = 0;
  const stacked = (bias: boolean): StackedWeight => {
    const index = next++;
    const value = tf.tidy(() => {
      const parts = perMember.map((weights) => weights[index] ?? tf.zeros([0]));
      const joined = tf.stack(parts);
      // Biases [K, 1, units], so they add to every row of a [K, rows, units] product.
      return tf.variable(bias ? joined.expandDims(1) : joined, true);
    });
    // tidy frees the zeros; the variable, which no tidy tracks, keeps their data.
    const zeros = () => tf.tidy(() => tf.variable(tf.zerosLike(value), false));
    return { value, first: slots >= 1 ? zeros() : null, second: slots >= 2 ? zeros() : null };
  };
  return spec.layers.map((layer): StackedLayer => {
    if (layer.type !== 'dense') {
      const activation = layer.type === 'activation' ? layer.activation : 'linear';
      return { activation, kernel: null, bias: null };
    }
    const dense: DenseLayer = layer;
    const kernel = stacked(false);
    const bias = dense.useBias === false ? null : stacked(true);
    return { activation: dense.activation, kernel, bias };
  });
}

/** The members' validation rows [K, n]; null without a validation split. */
function validationRowsOf(members: readonly Member[]): tf.Tensor2D | null {
  const size = members[0]?.validationRows.length ?? 0;
  if (size === 0) return null;
  const rows = new Int32Array(members.length * size);
  for (const [k, member] of members.entries()) rows.set(member.validationRows, k * size);
  return tf.tensor2d(rows, [members.length, size], 'int32');
}

/** Whether two datasets have the same rows, inputs and outputs, so their members stack. */
function sameShape(a: Dataset, b: Dataset): boolean {
  const classes = (d: Dataset) => (d.task === 'regression' ? 0 : d.numClasses);
  return (
    a.n === b.n &&
    a.task === b.task &&
    classes(a) === classes(b) &&
    a.inputShape.length === b.inputShape.length &&
    a.inputShape.every((d, i) => d === b.inputShape[i])
  );
}

/** The distinct datasets on the device, one after another. */
function onDevice(blocks: readonly Dataset[]): DeviceData {
  const parts = blocks.map(toDevice);
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const joined = tf.tidy(() => ({
    xs: tf.concat(parts.map((p) => p.xs)),
    ys: tf.concat(parts.map((p) => p.ys)),
    n: parts.reduce((n, p) => n + p.n, 0),
  }));
  for (const part of parts) disposeDeviceData(part);
  return joined;
}
