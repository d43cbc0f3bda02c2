/**
 * Which build of TF.js's WASM backend runs, in words for the backend status. TF.js picks it
 * itself: the threaded SIMD binary when the browser has SIMD and WebAssembly threads (which need
 * SharedArrayBuffer, so a cross-origin isolated page), else the SIMD one, else the plain one.
 */
export interface WasmFeatures {
  simd: boolean;
  /** TF.js's WASM_HAS_MULTITHREAD_SUPPORT: threads validate and SharedArrayBuffer can be sent. */
  multithread: boolean;
  /** `crossOriginIsolated` of the worker's global scope. */
  isolated: boolean;
  /** Threads the backend's pool runs (TF.js's getThreadsCount()). */
  threads: number;
}

/** The most threads the WASM backend is given: more rarely helps the small models trained here. */
export const MAX_WASM_THREADS = 8;

/** How many threads to ask for, or null to leave TF.js single-threaded. */
export function wasmThreadsFor(isolated: boolean, hardwareConcurrency: number): number | null {
  if (!isolated) return null;
  const cores =
    Number.isInteger(hardwareConcurrency) && hardwareConcurrency > 0 ? hardwareConcurrency : 1;
  return Math.min(cores, MAX_WASM_THREADS);
}

function singleThreadWhy(f: WasmFeatures): string {
  if (!f.isolated) return 'the page is not cross-origin isolated';
  if (!f.multithread) return 'this browser has no WebAssembly threads';
  return 'one core';
}

export function describeWasm(f: WasmFeatures): string {
  const simd = f.simd ? 'SIMD' : 'no SIMD';
  // TF.js only loads the threaded binary together with SIMD.
  const threaded = f.simd && f.multithread && f.threads > 1;
  return threaded
    ? `wasm (${simd}, ${f.threads} threads)`
    : `wasm (${simd}, single thread: ${f.simd ? singleThreadWhy(f) : 'threads need SIMD'})`;
}
