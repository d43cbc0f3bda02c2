import { describe, expect, it } from 'vitest';
import { sourceKeyOf } from './stored-dataset';

describe('sourceKeyOf', () => {
  it('names a source by its kind and identity, not its format', () => {
    expect(sourceKeyOf({ kind: 'shipped', name: 'mnist-10k' })).toBe('shipped:mnist-10k');
    expect(sourceKeyOf({ kind: 'url', url: 'https://x.test/a.csv', format: 'csv' })).toBe(
      'url:https://x.test/a.csv',
    );
    expect(sourceKeyOf({ kind: 'file', fileName: 'iris.csv', format: 'csv' })).toBe(
      'file:iris.csv',
    );
  });

  it('keeps kinds apart when their names are equal', () => {
    const keys = [
      sourceKeyOf({ kind: 'shipped', name: 'iris' }),
      sourceKeyOf({ kind: 'url', url: 'iris', format: 'csv' }),
      sourceKeyOf({ kind: 'file', fileName: 'iris', format: 'csv' }),
    ];
    expect(new Set(keys).size).toBe(3);
  });
});
