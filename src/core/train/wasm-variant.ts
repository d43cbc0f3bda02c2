/**
 * Which build of TF.js's WASM backend runs, in words for the backend status. TF.js picks it
 * itself: the threaded SIMD binary when the browser has SIMD and WebAssembly threads (which need
 * SharedArrayBuffer, so a cross-origin isolated page), else the SIMD one, else the plain one.
 */
import { counted } from '../plural';

export interface WasmFeatures {
  simd: boolean;
  /** TF.js's WASM_HAS_MULTITHREAD_SUPPORT: threads validate and SharedArrayBuffer can be sent. */
  multithread: boolean;
  /** `crossOriginIsolated` of the worker's global scope. */
  isolated: boolean;
  /** Threads the backend's pool runs (TF.js's getThreadsCount()). */
  threads: number;
  /** The threaded build did not start, so threads were turned off. */
  threadsFailed?: boolean;
  /** The worker asked for one thread (a sweep's, beside others), so threads were turned off. */
  oneThreadAsked?: boolean;
}

/** The most threads the WASM backend is given: more rarely helps the small models trained here. */
export const MAX_WASM_THREADS = 8;

/**
 * How many threads to ask for, or null to leave TF.js single-threaded: half the logical cores, as
 * TF.js itself would, but at least two where there are two. XNNPACK's pool keeps its threads
 * spinning between kernels, so a pool of every core leaves none for the page: measured on two
 * cores, the playground's job ran at 0.69 of its headless speed with the page open on a 2-thread
 * pool, and at 0.88 on one thread (README, "What the UI costs").
 */
export function wasmThreadsFor(isolated: boolean, hardwareConcurrency: number): number | null {
  if (!isolated) return null;
  const cores =
    Number.isInteger(hardwareConcurrency) && hardwareConcurrency > 0 ? hardwareConcurrency : 1;
  return Math.min(Math.max(Math.min(cores, 2), Math.floor(cores / 2)), MAX_WASM_THREADS);
}

/**
 * The logical core count to show TF.js's threaded build so that its pool holds `threads`. Its
 * backend.cc caps the pool at half of `navigator.hardwareConcurrency`, read once as the module
 * starts (it assumes two hardware threads per core), and so gives a 2-core machine, a cheap
 * laptop's two real cores included, a single thread whatever setThreadsCount asked for.
 */
export function coresShownToWasm(threads: number): number {
  return threads * 2;
}

/** Why TF.js runs a single-threaded build. */
function singleThreadWhy(f: WasmFeatures): string {
  if (f.oneThreadAsked) return 'one asked for, beside other workers';
  if (!f.simd) return 'threads need SIMD';
  if (f.threadsFailed) return 'the threaded build did not start';
  if (!f.isolated) return 'the page is not cross-origin isolated';
  return 'this browser has no WebAssembly threads';
}

/** Threads the backend trains on: its pool, where the threaded build runs, else one. */
export function wasmThreadsInUse(f: WasmFeatures): number {
  return f.simd && f.multithread ? Math.max(1, f.threads) : 1;
}

export function describeWasm(f: WasmFeatures): string {
  const simd = f.simd ? 'SIMD' : 'no SIMD';
  // TF.js only loads the threaded binary together with SIMD; its pool may still hold one thread.
  if (f.simd && f.multithread) {
    return `wasm (SIMD, ${counted(f.threads, 'thread')})`;
  }
  return `wasm (${simd}, single thread: ${singleThreadWhy(f)})`;
}
