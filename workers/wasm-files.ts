/**
 * Serves TF.js's WASM binaries from the app's own assets (hashed, relative, cacheable offline),
 * gives the threaded build a thread pool where the page is cross-origin isolated, falls back to
 * the single-threaded build when the threaded one cannot start, and says which build runs.
 *
 * The threaded build starts its thread workers from `wasmFactoryThreadedSimd.toString()` in a
 * blob: URL, which fails (and TF.js then waits forever) when a minifier renamed what that function
 * refers to outside itself (tensorflow/tfjs#4253), or when a Content-Security-Policy header on the
 * worker's script lacks `blob:` in script-src (the threads `importScripts` that blob).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  coresShownToWasm,
  describeWasm,
  wasmThreadsFor,
  wasmThreadsInUse,
} from '../src/core/train/wasm-variant';

declare const self: DedicatedWorkerGlobalScope;

/** TF.js's priority for wasm, to register it again as it was. */
const WASM_PRIORITY = 2;
let wasmFactory: ReturnType<typeof tf.findBackendFactory> | null = null;
let threadsFailed = false;
let oneThreadAsked = false;

/**
 * The machine's logical cores, read as this module loads: serveBundledWasm then makes the
 * worker's navigator report another count, for TF.js's threaded build to read.
 */
export const LOGICAL_CORES = navigator.hardwareConcurrency;

/**
 * Call before the wasm backend starts: its thread count is fixed when it initialises.
 * `maxThreads`: at most that many threads (the bench's single-thread run); else as the machine
 * allows.
 */
export function serveBundledWasm(maxThreads = Infinity): void {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plain,
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
  });
  const allowed = wasmThreadsFor(self.crossOriginIsolated, LOGICAL_CORES);
  const threads = allowed === null ? null : Math.min(allowed, maxThreads);
  if (threads !== null) {
    setThreadsCount(threads);
    // From here on this worker's navigator reports twice the threads chosen: TF.js's threaded
    // build halves what it reads there (coresShownToWasm says why).
    Object.defineProperty(self.navigator, 'hardwareConcurrency', {
      configurable: true,
      value: coresShownToWasm(threads),
    });
  }
  wasmFactory = tf.findBackendFactory('wasm');
}

/**
 * Call before the wasm backend starts: TF.js then loads its single-threaded build, for a worker
 * that trains beside others (a sweep's). The threaded build on a pool of one is not the same:
 * measured with two sweep workers on two cores, each then ran at half the speed of one alone.
 */
export function serveWasmOnOneThread(): void {
  oneThreadAsked = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/**
 * After activateBackend gave up on a wasm that did not start (and dropped it): where that was the
 * threaded build, registers wasm again with threads off. True when the caller should activate
 * again to get it.
 */
export function fallBackToSingleThread(): boolean {
  if (threadsFailed || oneThreadAsked || !wasmFactory || !self.crossOriginIsolated) return false;
  if (tf.findBackendFactory('wasm') !== null) return false;
  threadsFailed = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.registerBackend('wasm', wasmFactory, WASM_PRIORITY);
  return true;
}

/**
 * The WASM build that runs, in words ("wasm (SIMD, 4 threads)"), and the threads it trains on:
 * for the ready event; call once the wasm backend runs.
 */
export async function activeWasmBuild(): Promise<{ variant: string; threads: number }> {
  const [hasSimd, hasThreads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const features = {
    simd: hasSimd === true,
    multithread: hasThreads === true,
    isolated: self.crossOriginIsolated,
    threads: getThreadsCount(),
    threadsFailed,
    oneThreadAsked,
  };
  return { variant: describeWasm(features), threads: wasmThreadsInUse(features) };
}
