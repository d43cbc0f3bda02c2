/** Shared by the training tests: a job builder and an event recorder that can wait for events. */
import {
  PAD_ID,
  type BuiltinDatasetRef,
  type GeneratorName,
  type SequenceDataset,
} from '../../core/data/dataset';
import { createRng } from '../../core/data/rng';
import { generate, GENERATOR_INFO } from '../../core/data/generators';
import type { GradlabError } from '../../core/errors';
import type { TrainJob, WorkerEvent } from '../../core/protocol';
import type { Result } from '../../core/result';
import type { BackendProbe } from '../../core/train/backend-choice';
import { DEFAULT_CONFIG, type TrainConfig } from '../../core/train/config';
import { PLAYGROUND } from '../../core/experiment/experiment';
import type { LayerSpec } from '../../core/model/spec';
import type { Emit } from '../../core/protocol';
import { TrainingSession } from './session';

/** A session for a job over generated data, as the worker creates one after loading the data. */
export function createSession(job: TrainJob, emit: Emit): Result<TrainingSession, GradlabError> {
  const data = generate(job.experiment.dataset as BuiltinDatasetRef);
  return data.ok ? TrainingSession.create(job, data.value, emit) : data;
}

/** Node has no GPU and the tests load no WASM: every backend but cpu is unavailable. */
export const CPU_ONLY: BackendProbe = {
  webgpu: { available: false, why: 'not in Node' },
  webgl: { available: false, why: 'not in Node' },
  wasm: { available: false, why: 'not loaded in this test' },
};

export function testJob(
  overrides: {
    generator?: GeneratorName;
    size?: number;
    hidden?: number[];
  } & Partial<TrainConfig> = {},
): TrainJob {
  const { generator = 'gaussian', size = 200, hidden = [8], ...config } = overrides;
  const regression = generator === 'sine';
  return {
    experiment: {
      dataset: {
        kind: 'builtin',
        generator,
        params: { size, noise: 0.05, classes: GENERATOR_INFO[generator].defaultClasses },
        seed: 3,
      },
      model: {
        layers: [
          ...hidden.map((units) => ({
            type: 'dense' as const,
            units,
            activation: 'tanh' as const,
          })),
          regression
            ? { type: 'dense', units: 1, activation: 'linear' }
            : { type: 'dense', units: generator === 'gaussian' ? 3 : 2, activation: 'softmax' },
        ],
      },
      config: {
        ...DEFAULT_CONFIG,
        optimizer: 'adam',
        learningRate: 0.05,
        loss: regression ? 'meanSquaredError' : 'categoricalCrossentropy',
        batchSize: 32,
        epochs: 10,
        validationSplit: 0.2,
        seed: 7,
        ...config,
      },
      views: ['curves'],
    },
    gridResolution: 8,
    place: PLAYGROUND,
  };
}

export class Recorder {
  readonly events: WorkerEvent[] = [];
  private waiters: { test: (e: WorkerEvent) => boolean; resolve: (e: WorkerEvent) => void }[] = [];

  readonly emit = (event: WorkerEvent): void => {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(event)) return true;
      w.resolve(event);
      return false;
    });
  };

  of<T extends WorkerEvent['type']>(type: T): Extract<WorkerEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  }

  /** Resolves with the first event, from now on, that passes the test. */
  next(test: (e: WorkerEvent) => boolean, timeoutMs = 20_000): Promise<WorkerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('timed out waiting for an event')),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  status(status: string): Promise<WorkerEvent> {
    return this.next((e) => e.type === 'status' && e.status === status);
  }
}

/**
 * A next-token toy: each row counts up through the symbols 3..vocab-1 (cyclically) from a random
 * start, so a token alone says the next; the first target is padding (a one-token prompt) and a
 * random tail of each row is padding too, as a name shorter than the context is.
 */
export function countingSequences(n: number, length: number, vocab: number): SequenceDataset {
  const rng = createRng(17);
  const symbols = vocab - 3;
  const x = new Float32Array(n * length);
  const targets = new Int32Array(n * length);
  for (let row = 0; row < n; row++) {
    const start = rng.int(symbols);
    const used = length - rng.int(Math.floor(length / 2));
    for (let t = 0; t < used; t++) {
      x[row * length + t] = 3 + ((start + t) % symbols);
      targets[row * length + t] = t === 0 ? PAD_ID : 3 + ((start + t + 1) % symbols);
    }
  }
  const vocabulary = ['', '?', '|', ...Array.from({ length: symbols }, (_, i) => String(i))];
  return {
    task: 'sequence',
    n,
    inputShape: [length],
    x,
    targets,
    numClasses: vocab,
    tokenizer: { kind: 'char', vocab: vocabulary },
  };
}

/**
 * A job that trains `hidden` and a softmax over the vocabulary per position on `data`; by default
 * each position's id goes through the same dense layer (reshape [T, 1], dense on the last axis).
 */
export function sequenceJob(
  data: SequenceDataset,
  config: Partial<TrainConfig> = {},
  hidden?: LayerSpec[],
): TrainJob {
  const length = data.inputShape[0] ?? 0;
  return {
    experiment: {
      dataset: {
        kind: 'sequence',
        task: 'copy',
        params: { size: data.n, length, vocab: data.numClasses },
        seed: 1,
      },
      model: {
        layers: [
          ...(hidden ?? [
            { type: 'reshape', targetShape: [length, 1] },
            { type: 'dense', units: 24, activation: 'tanh' },
          ]),
          { type: 'dense', units: data.numClasses, activation: 'softmax' },
        ],
      },
      config: {
        ...DEFAULT_CONFIG,
        optimizer: 'adam',
        learningRate: 0.03,
        loss: 'sparseCategoricalCrossentropy',
        batchSize: 16,
        epochs: 6,
        validationSplit: 0.25,
        seed: 5,
        ...config,
      },
      views: ['curves'],
    },
    gridResolution: 0,
    place: PLAYGROUND,
  };
}
