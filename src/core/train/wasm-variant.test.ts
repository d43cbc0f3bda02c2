import { describe, expect, test } from 'vitest';
import { describeWasm, MAX_WASM_THREADS, wasmThreadsFor } from './wasm-variant';

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
    expect(describeWasm({ simd: false, multithread: true, isolated: true, threads: 4 })).toBe(
      'wasm (no SIMD, single thread: threads need SIMD)',
    );
  });
});

describe('wasmThreadsFor', () => {
  test('threads only for an isolated page, capped', () => {
    expect(wasmThreadsFor(false, 16)).toBeNull();
    expect(wasmThreadsFor(true, 4)).toBe(4);
    expect(wasmThreadsFor(true, 64)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadsFor(true, 0)).toBe(1);
  });
});
