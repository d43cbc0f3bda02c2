import { describe, expect, it } from 'vitest';
import {
  cleanName,
  defaultRunName,
  finalLoss,
  finalValAccuracy,
  parseTags,
  TAGS_MAX,
} from './run-facts';
import { testRun } from '../../core/runs/test-run';

describe('run facts', () => {
  it('names a run after its dataset and local start time', () => {
    const at = new Date(2025, 2, 4, 5, 6);
    expect(defaultRunName({ kind: 'shipped', name: 'iris' }, at)).toBe('iris · 2025-03-04 05:06');
    expect(
      defaultRunName(
        { kind: 'builtin', generator: 'xor', params: { size: 1, noise: 0 }, seed: 1 },
        at,
      ),
    ).toMatch(/^xor · /);
  });

  it('reads the last epoch', () => {
    expect(finalLoss(testRun())).toBe(0.5);
    expect(finalValAccuracy(testRun())).toBe(0.7);
    expect(finalLoss(testRun({ epochs: [] }))).toBeNull();
  });

  it('cleans names and tags', () => {
    expect(cleanName('  best  ')).toBe('best');
    expect(cleanName('   ')).toBeNull();
    expect(parseTags(' a, b,,a , c ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(Array.from({ length: 50 }, (_, i) => `t${i}`).join(','))).toHaveLength(
      TAGS_MAX,
    );
  });
});
