/**
 * The optimizers a config can name, each with a learning rate that can change between steps (for
 * the schedule).
 *
 * TF.js SGD and momentum take a new rate through `setLearningRate`, which rebuilds the scalar they
 * multiply by. Adam, RMSProp and Adagrad have no setter, but read their protected `learningRate`
 * field at every `applyGradients`, so a subclass that writes that field changes the next step.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../../core/train/config';
import { adamStep, isFloatSlot, momentsOf, variableField, type AdamSlot } from '../wasm/adam';
import { isWasmBackend } from '../wasm/backend';

export type TunableOptimizer = tf.Optimizer & { setLearningRate(rate: number): void };

/** The momentum of the `momentum` optimizer, as in Keras' usual SGD(momentum=0.9). */
export const MOMENTUM = 0.9;

/** What minimize hands applyGradients: variable names with their gradients. */
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

class TunableAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }

  override applyGradients(gradients: Gradients): void {
    if (!this.stepOnWasmHeap(gradients)) super.applyGradients(gradients);
  }

  /**
   * The same step in one pass per variable on the wasm backend (src/engine/wasm/adam.ts), once
   * TF.js's first step has made the moments; false where it cannot, leaving the step to TF.js.
   */
  private stepOnWasmHeap(gradients: Gradients): boolean {
    const backend = tf.backend();
    if (tf.getBackend() !== 'wasm' || !isWasmBackend(backend)) return false;
    const named = Array.isArray(gradients)
      ? gradients
      : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const firstMoments = momentsOf(this, 'accumulatedFirstMoment');
    const secondMoments = momentsOf(this, 'accumulatedSecondMoment');
    const accBeta1 = variableField(this, 'accBeta1');
    const accBeta2 = variableField(this, 'accBeta2');
    if (!firstMoments || !secondMoments || !accBeta1 || !accBeta2) return false;
    const slots: AdamSlot[] = [];
    for (const [i, { name, tensor }] of named.entries()) {
      const value = tf.engine().registeredVariables[name];
      const firstMoment = firstMoments[i];
      const secondMoment = secondMoments[i];
      if (!value || !firstMoment || !secondMoment || !tensor) return false;
      slots.push({ value, gradient: tensor, firstMoment, secondMoment });
    }
    if (!slots.every(isFloatSlot)) return false;
    adamStep(backend, slots, {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      accBeta1: accBeta1.dataSync()[0] ?? 0,
      accBeta2: accBeta2.dataSync()[0] ?? 0,
    });
    tf.tidy(() => {
      accBeta1.assign(tf.mul(accBeta1, this.beta1));
      accBeta2.assign(tf.mul(accBeta2, this.beta2));
    });
    this.incrementIterations();
    return true;
  }
}

class TunableRmsProp extends tf.RMSPropOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

class TunableAdagrad extends tf.AdagradOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

/** The TF.js defaults that `tf.train.<name>` would use. */
export function createOptimizer(name: OptimizerName, learningRate: number): TunableOptimizer {
  switch (name) {
    case 'sgd':
      return new tf.SGDOptimizer(learningRate);
    case 'momentum':
      return new tf.MomentumOptimizer(learningRate, MOMENTUM);
    case 'adam':
      return new TunableAdam(learningRate, 0.9, 0.999);
    case 'rmsprop':
      return new TunableRmsProp(learningRate, 0.9);
    case 'adagrad':
      return new TunableAdagrad(learningRate);
  }
}
