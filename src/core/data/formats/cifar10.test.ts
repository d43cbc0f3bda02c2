import { describe, it, expect } from 'vitest';
import { gzipSync } from 'fflate';
import { DataFormatError } from '../../errors';
import { CIFAR10_CLASS_NAMES, cifarDataset } from './cifar10';
import { concat, writeTar, type TarFile } from './test-fixtures';

const PLANE = 1024;

/** One record whose pixel p has red p%256, green 1, blue 2. */
function record(label: number): Uint8Array {
  const red = Uint8Array.from({ length: PLANE }, (_, p) => p % 256);
  return concat(
    new Uint8Array([label]),
    red,
    new Uint8Array(PLANE).fill(1),
    new Uint8Array(PLANE).fill(2),
  );
}

function archive(batches: Record<string, Uint8Array>): Uint8Array {
  const files: TarFile[] = [
    { path: 'cifar-10-batches-bin/', bytes: new Uint8Array(0), type: '5' },
    {
      path: 'cifar-10-batches-bin/batches.meta.txt',
      bytes: new TextEncoder().encode('airplane\n'),
    },
    ...Object.entries(batches).map(([name, bytes]) => ({
      path: `cifar-10-batches-bin/${name}`,
      bytes,
    })),
  ];
  return gzipSync(writeTar(files));
}

const standard = {
  'data_batch_1.bin': concat(record(0), record(1)),
  'data_batch_2.bin': record(2),
  'data_batch_3.bin': record(3),
  'data_batch_4.bin': record(4),
  'data_batch_5.bin': record(5),
  'test_batch.bin': concat(record(9), record(8)),
};

function reasonOf(result: { ok: boolean; error?: unknown }): string | undefined {
  expect(result.ok).toBe(false);
  expect(result.error).toBeInstanceOf(DataFormatError);
  return (result.error as DataFormatError).reason;
}

describe('cifarDataset', () => {
  it('packs the training batches in order as 32x32x3 interleaved pixels', () => {
    const result = cifarDataset(archive(standard));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { header, x, y } = result.value;
    expect(header).toMatchObject({ count: 6, inputShape: [32, 32, 3], xType: 'uint8' });
    expect(header.classNames).toEqual([...CIFAR10_CLASS_NAMES]);
    expect(Array.from(y)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(x.subarray(3 * 300, 3 * 301))).toEqual([300 % 256, 1, 2]);
  });

  it('appends the test batch when asked', () => {
    const result = cifarDataset(archive(standard), { includeTest: true });
    expect(result.ok && Array.from(result.value.y)).toEqual([0, 1, 2, 3, 4, 5, 9, 8]);
  });

  it('refuses an archive without a training batch', () => {
    const missing = Object.fromEntries(
      Object.entries(standard).filter(([name]) => name !== 'data_batch_3.bin'),
    );
    expect(reasonOf(cifarDataset(archive(missing)))).toBe('cifar-missing-batch');
  });

  it('refuses a batch that is not whole records', () => {
    const cut = { ...standard, 'data_batch_2.bin': record(2).subarray(0, 3000) };
    expect(reasonOf(cifarDataset(archive(cut)))).toBe('cifar-length');
  });

  it('refuses labels beyond the ten classes', () => {
    const bad = { ...standard, 'data_batch_4.bin': record(10) };
    expect(reasonOf(cifarDataset(archive(bad)))).toBe('label-out-of-range');
  });
});
