/**
 * Serves TF.js's WASM binaries from the app's own assets (hashed, relative, cacheable offline),
 * gives the threaded build a thread pool where the page is cross-origin isolated, and says which
 * build runs.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeWasm, wasmThreadsFor } from '../src/core/train/wasm-variant';

declare const self: DedicatedWorkerGlobalScope;

/** Call before the wasm backend starts: its thread count is fixed when it initialises. */
export function serveBundledWasm(): void {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plain,
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
  });
  const threads = wasmThreadsFor(self.crossOriginIsolated, navigator.hardwareConcurrency);
  if (threads !== null) setThreadsCount(threads);
}

/** "wasm (SIMD, 4 threads)", for the ready event; call once the wasm backend runs. */
export async function describeActiveWasm(): Promise<string> {
  const [hasSimd, hasThreads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return describeWasm({
    simd: hasSimd === true,
    multithread: hasThreads === true,
    isolated: self.crossOriginIsolated,
    threads: getThreadsCount(),
  });
}
