/** The learning rate of each epoch under a config's schedule. */
import type { TrainConfig } from './config';

/**
 * The rate for the epoch with 0-based index `epoch` (the number of epochs already done), so the
 * first epoch trains at the config's learning rate. A config without a schedule is constant.
 */
export function learningRateAt(
  config: Pick<TrainConfig, 'learningRate' | 'epochs' | 'schedule'>,
  epoch: number,
): number {
  const { learningRate, epochs, schedule = { kind: 'constant' } } = config;
  switch (schedule.kind) {
    case 'constant':
      return learningRate;
    case 'step':
      return learningRate * schedule.factor ** Math.floor(epoch / schedule.everyEpochs);
    case 'cosine': {
      // A one-epoch run has no way down; it trains at the learning rate.
      if (epochs <= 1) return learningRate;
      const progress = Math.min(1, Math.max(0, epoch / (epochs - 1)));
      const { minLearningRate } = schedule;
      return (
        minLearningRate +
        ((learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress))) / 2
      );
    }
  }
}
