import { describe, expect, it } from 'vitest';
import { inferModel } from '../model/inference';
import { lenetSpec } from '../model/presets';
import type { ModelSpec, ModelSummary, Shape } from '../model/spec';
import type { BackendProbe } from './backend-choice';
import {
  describeMeasuredModel,
  measurementKey,
  modelWork,
  sizeBucket,
  type MachineIdentity,
} from './measurement-key';
import { SOFTWARE_GPU } from './test-probes';

const OFFERED = SOFTWARE_GPU;
const MACHINE: MachineIdentity = { cores: 2, isolated: false, appVersion: '0.1.0' };

function summary(spec: ModelSpec, inputShape: Shape): ModelSummary {
  const inferred = inferModel(spec, inputShape);
  if (!inferred.ok) throw inferred.error;
  return inferred.value;
}

const mlp = (...units: number[]): ModelSpec => ({
  layers: [
    ...units.map((n) => ({ type: 'dense' as const, units: n, activation: 'relu' as const })),
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
});

const keyOf = (spec: ModelSpec, batch = 32, offered = OFFERED, machine = MACHINE) =>
  measurementKey(offered, machine, summary(spec, [2]), batch);

describe('modelWork', () => {
  it('counts the multiply-adds of dense and conv layers and the values of the others', () => {
    // A dense layer on a vector meets each of its weights once: 2 x 16 + 16, then 16 x 2 + 2.
    expect(modelWork(summary(mlp(16), [2]))).toBe(48 + 34);
    const lenet = summary(lenetSpec(10), [28, 28, 1]);
    // conv1 156 weights over 28x28, pool 14x14x6, conv2 2,416 over 10x10, pool 5x5x16, flatten,
    // then the dense layers' weights.
    expect(modelWork(lenet)).toBe(
      156 * 784 + 1176 + 2416 * 100 + 400 + 400 + 48_120 + 10_164 + 850,
    );
  });
});

describe('sizeBucket', () => {
  it('rounds to the nearest power of two', () => {
    // The boundary between 1,024 and 2,048 is 1,024 x sqrt(2), about 1,448.
    expect([1, 3, 5, 6, 1000, 1440, 1460].map(sizeBucket)).toEqual([1, 4, 4, 8, 1024, 1024, 2048]);
    expect(sizeBucket(0)).toBe(0);
  });
});

describe('measurementKey', () => {
  it('is shared by models of about the same size and kind, with the same batch', () => {
    // 354 and 335 parameters (and multiply-adds): both nearest to 256.
    expect(keyOf(mlp(16, 16))).toBe(keyOf(mlp(16, 15)));
  });

  it('differs with the size, the kinds of layer and the batch', () => {
    expect(keyOf(mlp(16, 16))).not.toBe(keyOf(mlp(64, 64)));
    expect(keyOf(mlp(16, 16))).not.toBe(keyOf(mlp(16, 16), 64));
    const withDropout: ModelSpec = {
      layers: [{ type: 'dropout', rate: 0.1 }, ...mlp(16, 16).layers],
    };
    expect(keyOf(mlp(16, 16))).not.toBe(keyOf(withDropout));
  });

  it('differs with the machine: adapter, renderer, cores, isolation, app version', () => {
    const base = keyOf(mlp(16));
    const gpu: BackendProbe = {
      ...OFFERED,
      webgpu: {
        available: true,
        detail: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallback: false },
      },
    };
    expect(keyOf(mlp(16), 32, gpu)).not.toBe(base);
    expect(
      keyOf(mlp(16), 32, { ...OFFERED, webgl: { available: true, detail: 'ANGLE (Intel)' } }),
    ).not.toBe(base);
    expect(keyOf(mlp(16), 32, OFFERED, { ...MACHINE, cores: 8 })).not.toBe(base);
    expect(keyOf(mlp(16), 32, OFFERED, { ...MACHINE, isolated: true })).not.toBe(base);
    expect(keyOf(mlp(16), 32, OFFERED, { ...MACHINE, appVersion: '0.2.0' })).not.toBe(base);
    expect(keyOf(mlp(16), 32, { ...OFFERED, wasm: { available: false, why: 'no' } })).not.toBe(
      base,
    );
  });

  it('describes what was measured', () => {
    expect(describeMeasuredModel(summary(mlp(16, 16), [2]), 32)).toBe('354 parameters, batch 32');
  });
});
