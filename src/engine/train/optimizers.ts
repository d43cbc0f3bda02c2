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

export type TunableOptimizer = tf.Optimizer & { setLearningRate(rate: number): void };

/** The momentum of the `momentum` optimizer, as in Keras' usual SGD(momentum=0.9). */
export const MOMENTUM = 0.9;

class TunableAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
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
