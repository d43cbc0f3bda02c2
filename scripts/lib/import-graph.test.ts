import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './import-graph';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the modules of the app and its workers', () => {
  it('load each other without a cycle (type-only imports aside)', () => {
    const graph = importGraph(root, ['src', 'workers']);
    expect(graph.size).toBeGreaterThan(300);
    expect(cycles(graph)).toEqual([]);
  });
});

describe('cycles', () => {
  it('finds a loop of modules and one that loads itself, and nothing in a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});
