import { describe, expect, it } from 'vitest';
import type { ClassificationDataset } from '../../src/core/data/dataset';
import { prepareJob } from '../../src/core/train/prepare';
import { cnnJob } from './cnn';

function digits(n: number): ClassificationDataset {
  return {
    task: 'classification',
    n,
    inputShape: [28, 28, 1],
    x: new Float32Array(n * 28 * 28),
    labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    numClasses: 10,
  };
}

describe('cnnJob', () => {
  it('names the first N examples of the shipped MNIST-10k, as the catalog does', () => {
    expect(cnnJob(1280).experiment.dataset).toEqual({
      kind: 'shipped',
      name: 'mnist-10k',
      limit: 1280,
    });
  });

  it('is a job the session accepts: LeNet to 10 classes, every example trained, none held out', () => {
    const prepared = prepareJob(cnnJob(192), digits(192));
    if (!prepared.ok) throw prepared.error;
    expect(prepared.value.summary.outputShape).toEqual([10]);
    expect(prepared.value.summary.layers.some((l) => l.type === 'conv2d')).toBe(true);
    expect(prepared.value.train.n).toBe(192);
    expect(prepared.value.validation).toBeNull();
    expect(prepared.value.config).toMatchObject({ optimizer: 'adam', batchSize: 64, epochs: 1 });
  });
});
