import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activateBackend } from './activate-backend';
import type { BackendProbe } from '../../core/train/backend-choice';

/**
 * Claims WebGPU and WebGL are there. In Node WebGL is not registered (setBackend throws) and the
 * WebGPU registered below fails in its factory (setBackend resolves false, the subtler case).
 */
const claimsEverything: BackendProbe = {
  webgpu: {
    available: true,
    detail: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallback: false },
  },
  webgl: { available: true, detail: 'ANGLE (NVIDIA)' },
  wasm: { available: false, why: 'not loaded' },
};

beforeAll(() => {
  tf.registerBackend('webgpu', () => {
    throw new Error('no adapter');
  });
});

afterAll(async () => {
  tf.removeBackend('webgpu');
  await tf.setBackend('cpu');
});

describe('activateBackend', () => {
  test('a backend that fails to start is skipped, and the reason says so', async () => {
    const ready = await activateBackend('auto', claimsEverything);
    expect(ready.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(ready.reason).toMatch(/webgpu failed to start/);
    expect(ready.reason).toMatch(/webgl failed to start/);
    expect(ready.adapter).toBeNull();
  });

  test('a backend that never finishes starting is given up, and cannot take over later', async () => {
    tf.registerBackend('wasm', () => new Promise<never>(() => {}));
    const withWasm: BackendProbe = {
      ...claimsEverything,
      webgpu: { available: false, why: 'none' },
      webgl: { available: false, why: 'none' },
      wasm: { available: true, detail: null },
    };
    const ready = await activateBackend('wasm', withWasm, [], 50);
    expect(ready.backend).toBe('cpu');
    expect(ready.reason).toMatch(/wasm did not start within 0.05 s/);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.findBackendFactory('wasm')).toBeNull();
  });

  test('a lost backend is dropped from TF.js and not tried again, even when forced', async () => {
    let started = 0;
    tf.registerBackend('webgl', () => {
      started += 1;
      throw new Error('must not start');
    });
    const ready = await activateBackend('webgl', claimsEverything, ['webgl']);
    expect(started).toBe(0);
    expect(ready.backend).toBe('cpu');
    expect(tf.findBackendFactory('webgl')).toBeNull();
  });
});
