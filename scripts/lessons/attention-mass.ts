/**
 * How much of its attention a trained model puts where a toy task's answer comes from: on copy,
 * the answer's k-th token is the prompt's k-th (a diagonal in the heatmap); on reverse, the
 * prompt's k-th from the end (an anti-diagonal). The lesson "Attention learns where to look"
 * promises it, and the build checks it on the validation examples.
 */
import type * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../../src/core/data/dataset';
import { sequenceShape } from '../../src/core/data/sequence-tasks';
import { lookInside } from '../../src/engine/train/sequence-insights';
import type { LookingTask } from './lesson';

/** Validation examples looked at: enough for a steady mean, few enough to take a second. */
const ROWS = 64;

/**
 * The prompt position the token predicted at input position `query` comes from. The input is
 * `prompt BOUNDARY answer` less its last token, so the answer's token k is predicted at the
 * position of the prompt's end plus k (the boundary's for k = 0).
 */
export function expectedKey(task: LookingTask, promptLength: number, query: number): number {
  const k = query - promptLength;
  return task === 'copy' ? k : promptLength - 1 - k;
}

/**
 * The mean weight, over the first ROWS validation examples and each of their answer positions,
 * that the best head of any attention layer puts on the expected prompt position; 0 for a model
 * without attention.
 */
export async function attentionMass(
  model: tf.LayersModel,
  validation: SequenceDataset,
  task: LookingTask,
  promptLength: number,
): Promise<number> {
  const { prompt, answer } = sequenceShape(task, promptLength);
  const length = validation.inputShape[0] as number;
  const sums = new Map<string, number>();
  let counted = 0;
  for (let row = 0; row < Math.min(ROWS, validation.n); row++) {
    const tokens = Int32Array.from(validation.x.subarray(row * length, (row + 1) * length));
    const inside = await lookInside(model, tokens);
    const seen = inside.tokens.length;
    for (const layer of inside.attention) {
      for (let head = 0; head < layer.heads; head++) {
        let sum = 0;
        for (let query = prompt; query < prompt + answer && query < seen; query++) {
          const key = expectedKey(task, prompt, query);
          sum += layer.weights[(head * seen + query) * seen + key] ?? 0;
        }
        const id = `${layer.layer}/${head}`;
        sums.set(id, (sums.get(id) ?? 0) + sum);
      }
    }
    counted += Math.min(answer, seen - prompt);
  }
  return counted === 0 ? 0 : Math.max(0, ...sums.values()) / counted;
}
