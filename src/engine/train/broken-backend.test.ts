/**
 * A WebAssembly trap inside TF.js's wasm backend, for real (Node runs the browser's wasm build): a
 * tensor registered past the end of the heap, as a kernel's pointer is when an allocation failed,
 * makes the next kernel trap with "memory access out of bounds". The controller must say the
 * backend broke (BackendBrokenError's code), so the page replaces the worker.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { err } from '../../core/result';
import { InvalidDatasetError } from '../../core/errors';
import { isBrokenBackend } from '../../core/train/broken-backend';
import { isRecord } from '../../core/is-record';
import { activateBackend } from './activate-backend';
import { createController } from './controller';
import { Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(path.dirname(wasm) + path.sep);
  await tf.setBackend('wasm');
});

const WASM_ONLY = {
  webgpu: { available: false, why: 'not in Node' },
  webgl: { available: false, why: 'not in Node' },
  wasm: { available: true, detail: null },
} as const;

/** Points `tensor`'s storage past the end of the wasm heap, where the module will trap. */
function misplace(tensor: tf.Tensor): void {
  const backend: unknown = tf.backend();
  if (!isRecord(backend) || !isRecord(backend.wasm) || !isRecord(backend.wasm.tfjs)) {
    throw new Error('not the wasm backend');
  }
  const { tfjs } = backend.wasm;
  const map = backend.dataIdMap;
  const entry: unknown =
    isRecord(map) && typeof map.get === 'function' ? map.get(tensor.dataId) : null;
  if (!isRecord(entry) || typeof entry.id !== 'number') throw new Error('no tensor entry');
  if (typeof tfjs.disposeData !== 'function' || typeof tfjs.registerTensor !== 'function') {
    throw new Error('no tensor registry');
  }
  tfjs.disposeData(entry.id);
  tfjs.registerTensor(entry.id, tensor.size, 0x7fff0000);
}

describe('a wasm backend that traps', () => {
  test('its trap is recognised', () => {
    const tensor = tf.ones([4096]);
    misplace(tensor);
    let trapped: unknown = null;
    try {
      tf.relu(tensor).dataSync();
    } catch (error) {
      trapped = error;
    }
    if (!(trapped instanceof WebAssembly.RuntimeError)) throw new Error('no trap');
    const { name, message } = trapped;
    expect(message).toMatch(/memory access out of bounds/);
    expect(isBrokenBackend({ name, message })).toBe(true);
  });

  test('the controller reports it as a broken backend, so the page replaces the worker', async () => {
    const recorder = new Recorder();
    const trapOnLoad = async () => {
      const tensor = tf.ones([4096]);
      misplace(tensor);
      tf.relu(tensor).dataSync();
      return err(new InvalidDatasetError('Not reached: the kernel above traps.'));
    };
    const controller = createController(
      recorder.emit,
      (requested) => activateBackend(requested, WASM_ONLY),
      trapOnLoad,
    );
    await controller.handle({ type: 'init', backend: 'wasm' });
    expect(recorder.of('ready')[0]?.backend).toBe('wasm');
    await controller.handle({ type: 'start', runId: 'trapped', job: testJob() });
    expect(recorder.of('error').at(-1)?.error).toMatchObject({
      code: 'backend-broken',
      name: 'BackendBrokenError',
      message: expect.stringMatching(
        /^The training backend broke down \(memory access out of bounds\)/,
      ),
    });
  });
});
