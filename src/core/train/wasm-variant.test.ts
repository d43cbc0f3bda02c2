import { describe, expect, test } from 'vitest';
import { coresShownToWasm, describeWasm, MAX_WASM_THREADS, wasmThreadsFor } from './wasm-variant';

describe('describeWasm', () => {
  test('threads are counted when the threaded build runs', () => {
    expect(describeWasm({ simd: true, multithread: true, isolated: true, threads: 4 })).toBe(
      'wasm (SIMD, 4 threads)',
    );
    expect(describeWasm({ simd: true, multithread: true, isolated: true, threads: 1 })).toBe(
      'wasm (SIMD, 1 thread)',
    );
  });

  test('a single thread says why', () => {
    expect(describeWasm({ simd: true, multithread: false, isolated: false, threads: 1 })).toBe(
      'wasm (SIMD, single thread: the page is not cross-origin isolated)',
    );
    expect(describeWasm({ simd: true, multithread: false, isolated: true, threads: 1 })).toBe(
      'wasm (SIMD, single thread: this browser has no WebAssembly threads)',
    );
    expect(
      describeWasm({
        simd: true,
        multithread: false,
        isolated: true,
        threads: 1,
        threadsFailed: true,
      }),
    ).toBe('wasm (SIMD, single thread: the threaded build did not start)');
    expect(
      describeWasm({
        simd: true,
        multithread: false,
        isolated: true,
        threads: 1,
        oneThreadAsked: true,
      }),
    ).toBe('wasm (SIMD, single thread: one asked for, beside other workers)');
    expect(describeWasm({ simd: false, multithread: true, isolated: true, threads: 4 })).toBe(
      'wasm (no SIMD, single thread: threads need SIMD)',
    );
  });
});

describe('wasmThreadsFor', () => {
  test('threads only for an isolated page: half the cores, at least two of two, capped', () => {
    expect(wasmThreadsFor(false, 16)).toBeNull();
    expect(wasmThreadsFor(true, 2)).toBe(2);
    expect(wasmThreadsFor(true, 4)).toBe(2);
    expect(wasmThreadsFor(true, 12)).toBe(6);
    expect(wasmThreadsFor(true, 64)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadsFor(true, 1)).toBe(1);
    expect(wasmThreadsFor(true, 0)).toBe(1);
  });
});

describe('coresShownToWasm', () => {
  /** TF.js 4.22's pool size (tfjs-backend-wasm/src/cc/backend.cc, init_with_threads_count). */
  const tfjsPool = (requested: number, logicalCores: number) =>
    Math.min(Math.min(Math.max(requested, 1), 8), Math.trunc(logicalCores / 2));

  test('TF.js then runs the threads asked for, on every machine size', () => {
    for (let cores = 1; cores <= 64; cores += 1) {
      const threads = wasmThreadsFor(true, cores);
      if (threads === null) throw new Error('an isolated page gets threads');
      expect(tfjsPool(threads, coresShownToWasm(threads))).toBe(threads);
    }
    // What it would run without: one thread on 2 cores, half of them from 4 up.
    expect(tfjsPool(2, 2)).toBe(1);
    expect(tfjsPool(8, 8)).toBe(4);
  });
});
