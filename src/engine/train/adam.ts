/**
 * Adam as TF.js's AdamOptimizer computes it (the same slots, named and ordered the same in
 * getWeights, the same setWeights), whose step of each weight is one kernel where the backend has
 * Gradlab's fused one (`ADAM_STEP`, ../adam-update.ts: wasm and cpu, registered by the training
 * worker) and TF.js's own ops elsewhere (WebGL, WebGPU). TF.js's runs fourteen kernels per weight,
 * each with its pass, allocation and bookkeeping; on wasm that was about a sixth of a LeNet-5 step.
 *
 * A class of its own rather than a subclass: TF.js keeps Adam's state private, and checkpoints
 * need beta^t as it is kept (`beta1Power`, `beta2Power`; see checkpoint.ts). The learning rate
 * can be set between steps, for schedules.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, type AdamStepAttrs } from '../adam-update';

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

export class AdamError extends Error {
  readonly code = 'ADAM';
}

/** Every Adam made, for `isAdam`. */
const adams = new WeakSet<tf.Optimizer>();

/**
 * Whether `optimizer` is Gradlab's Adam (AdamW included). Not `instanceof`: TF.js's Optimizer
 * answers it true for any optimizer, so that optimizers of another copy of TF.js pass.
 */
export function isAdam(optimizer: tf.Optimizer): optimizer is Adam {
  return adams.has(optimizer);
}

export class Adam extends tf.Optimizer {
  /** @nocollapse */
  static get className(): string {
    return 'Adam';
  }

  /** beta1^t and beta2^t as float32 products, one factor a step (t counts from 1). */
  readonly beta1Power: tf.Variable;
  readonly beta2Power: tf.Variable;
  private firstMoments: Slot[] = [];
  private secondMoments: Slot[] = [];
  protected readonly epsilon: number;

  constructor(
    protected learningRate: number,
    protected readonly beta1 = 0.9,
    protected readonly beta2 = 0.999,
    epsilon?: number,
  ) {
    super();
    this.epsilon = epsilon ?? tf.backend().epsilon();
    this.beta1Power = tf.tidy(() => tf.scalar(beta1).variable(false));
    this.beta2Power = tf.tidy(() => tf.scalar(beta2).variable(false));
    adams.add(this);
  }

  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }

  override applyGradients(variableGradients: Gradients): void {
    const named: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor])
      : Object.entries(variableGradients);
    const fused = tf.getKernel(ADAM_STEP, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      const corrections = fused
        ? null
        : { first: tf.sub(1, this.beta1Power), second: tf.sub(1, this.beta2Power) };
      named.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) {
          throw new AdamError(`Adam was given a gradient for "${name}", not a variable`);
        }
        const firstMoment = slot(this.firstMoments, i, `${name}/m`, value);
        const secondMoment = slot(this.secondMoments, i, `${name}/v`, value);
        if (gradient == null) return;
        const [newValue, newFirst, newSecond] = corrections
          ? this.stepByOps(value, firstMoment, secondMoment, gradient, corrections)
          : this.stepByKernel(value, firstMoment, secondMoment, gradient);
        firstMoment.assign(newFirst);
        secondMoment.assign(newSecond);
        value.assign(newValue);
      });
      this.beta1Power.assign(tf.mul(this.beta1Power, this.beta1));
      this.beta2Power.assign(tf.mul(this.beta2Power, this.beta2));
    });
    this.incrementIterations();
  }

  private stepByKernel(
    value: tf.Variable,
    firstMoment: tf.Variable,
    secondMoment: tf.Variable,
    gradient: tf.Tensor,
  ): [tf.Tensor, tf.Tensor, tf.Tensor] {
    const attrs: AdamStepAttrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      learningRate: this.learningRate,
    };
    const inputs = {
      value,
      firstMoment,
      secondMoment,
      gradient,
      beta1Power: this.beta1Power,
      beta2Power: this.beta2Power,
    };
    const out = tf.engine().runKernel(ADAM_STEP, inputs, { ...attrs });
    if (!Array.isArray(out)) throw new AdamError(`${ADAM_STEP} gave one output, not three`);
    const [newValue, newFirst, newSecond] = out;
    if (!newValue || !newFirst || !newSecond) {
      throw new AdamError(`${ADAM_STEP} gave ${out.length} outputs, not three`);
    }
    return [newValue, newFirst, newSecond];
  }

  /** TF.js's AdamOptimizer's own ops, in its order. */
  private stepByOps(
    value: tf.Variable,
    firstMoment: tf.Variable,
    secondMoment: tf.Variable,
    gradient: tf.Tensor,
    corrections: { first: tf.Tensor; second: tf.Tensor },
  ): [tf.Tensor, tf.Tensor, tf.Tensor] {
    const newFirst = tf.add(tf.mul(firstMoment, this.beta1), tf.mul(gradient, 1 - this.beta1));
    const newSecond = tf.add(
      tf.mul(secondMoment, this.beta2),
      tf.mul(tf.square(gradient), 1 - this.beta2),
    );
    const firstHat = tf.div(newFirst, corrections.first);
    const secondHat = tf.div(newSecond, corrections.second);
    const update = tf.div(firstHat, tf.add(tf.sqrt(secondHat), this.epsilon));
    return [tf.add(tf.mul(update, -this.learningRate), value), newFirst, newSecond];
  }

  override dispose(): void {
    this.beta1Power.dispose();
    this.beta2Power.dispose();
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((s) => s.variable));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.firstMoments, ...this.secondMoments];
    return [
      await this.saveIterations(),
      ...slots.map((s) => ({ name: s.originalName, tensor: s.variable })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    tf.tidy(() => {
      this.beta1Power.assign(tf.pow(this.beta1, this.iterations + 1));
      this.beta2Power.assign(tf.pow(this.beta2, this.iterations + 1));
    });
    const count = values.length / 2;
    const toSlot = ({ name, tensor }: NamedTensor): Slot => ({
      originalName: name,
      variable: tensor.variable(false),
    });
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((s) => s.variable));
    this.firstMoments = values.slice(0, count).map(toSlot);
    this.secondMoments = values.slice(count, count * 2).map(toSlot);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

/** The optimizer's slot for the i-th weight, made as zeros the first time it is needed. */
function slot(slots: Slot[], i: number, originalName: string, like: tf.Tensor): tf.Variable {
  const existing = slots[i];
  if (existing) return existing.variable;
  const variable = tf.tidy(() => tf.zerosLike(like).variable(false));
  slots[i] = { originalName, variable };
  return variable;
}
