/**
 * The optimizers a config can name, each with a learning rate that can change between steps (for
 * the schedule).
 *
 * TF.js SGD and momentum take a new rate through `setLearningRate`, which rebuilds the scalar they
 * multiply by. RMSProp and Adagrad have no setter, but read their protected `learningRate` field
 * at every `applyGradients`, so a subclass that writes that field changes the next step. Adam is
 * Gradlab's (adam.ts: TF.js's arithmetic, one fused kernel per weight on wasm and cpu).
 *
 * TF.js has no AdamW: `adamw` is TF.js Adam preceded, at each step, by the decoupled weight decay
 * that Keras' AdamW applies before its Adam update, w -= learningRate * weightDecay * w on every
 * trainable weight the step updates (biases and normalisation weights included, as Keras does
 * without `exclude_from_weight_decay`). The decay follows the scheduled learning rate, as there.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../../core/train/config';
import { Adam } from './adam';

export type TunableOptimizer = tf.Optimizer & { setLearningRate(rate: number): void };

/** The momentum of the `momentum` optimizer, as in Keras' usual SGD(momentum=0.9). */
export const MOMENTUM = 0.9;

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** Adam with decoupled weight decay; its slots are Adam's, so checkpoints hold it as they do Adam. */
export class TunableAdamW extends Adam {
  /** @nocollapse */
  static override get className(): string {
    return 'AdamW';
  }

  constructor(
    learningRate: number,
    private readonly weightDecay: number,
  ) {
    super(learningRate, 0.9, 0.999);
  }

  override applyGradients(variableGradients: Gradients): void {
    const decay = this.learningRate * this.weightDecay;
    if (decay > 0) {
      const names = Array.isArray(variableGradients)
        ? variableGradients.map((g) => g.name)
        : Object.keys(variableGradients);
      const variables = tf.engine().registeredVariables;
      tf.tidy(() => {
        for (const name of names) {
          const variable = variables[name];
          if (variable?.trainable) variable.assign(variable.sub(variable.mul(decay)));
        }
      });
    }
    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
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

/**
 * The TF.js defaults that `tf.train.<name>` would use; `weightDecay` is used by adamw alone (0: it
 * steps as adam does).
 */
export function createOptimizer(
  name: OptimizerName,
  learningRate: number,
  weightDecay = 0,
): TunableOptimizer {
  switch (name) {
    case 'sgd':
      return new tf.SGDOptimizer(learningRate);
    case 'momentum':
      return new tf.MomentumOptimizer(learningRate, MOMENTUM);
    case 'adam':
      return new Adam(learningRate, 0.9, 0.999);
    case 'adamw':
      return new TunableAdamW(learningRate, weightDecay);
    case 'rmsprop':
      return new TunableRmsProp(learningRate, 0.9);
    case 'adagrad':
      return new TunableAdagrad(learningRate);
  }
}
