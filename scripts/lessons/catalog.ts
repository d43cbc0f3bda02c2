/** Every shipped lesson, in teaching order: the gallery lists them as they come here. */
import { attentionLooks } from './attention-looks';
import { batchSize } from './batch-size';
import { cnnVsMlp } from './cnn-vs-mlp';
import { depthSpiral } from './depth-spiral';
import { learningRate } from './learning-rate';
import { learningRateCliff } from './learning-rate-cliff';
import type { LessonSource } from './lesson';
import { namesModel } from './names-model';
import { orderMatters } from './order-matters';
import { overfittingDropout } from './overfitting-dropout';
import { singleNeuron } from './single-neuron';

export const LESSONS: readonly LessonSource[] = [
  singleNeuron,
  depthSpiral,
  learningRate,
  learningRateCliff,
  overfittingDropout,
  cnnVsMlp,
  batchSize,
  orderMatters,
  attentionLooks,
  namesModel,
];
