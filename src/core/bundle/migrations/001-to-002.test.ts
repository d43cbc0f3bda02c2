import { describe, expect, it } from 'vitest';
import { isJsonObject, toJsonValue, type JsonObject } from '../canonical';
import v1 from '../fixtures/v1.json';
import { validateBundle } from '../validate';
import { migrate001to002 } from './001-to-002';

const json = (value: unknown): JsonObject => {
  const copy = toJsonValue(value);
  if (!copy.ok || !isJsonObject(copy.value)) throw new Error('not a JSON object');
  return copy.value;
};

const migrated = (value: unknown): JsonObject => {
  const result = migrate001to002(json(value));
  if (!result.ok) throw result.error;
  return result.value;
};

const builtin = (generator: string, seed: number) => ({
  kind: 'builtin',
  generator,
  params: { size: 100, noise: 0.1, classes: 2 },
  seed,
});
const experiment = (id: string, dataset: unknown) => ({ ...v1.notebook.cells[1], id, dataset });

describe('migration 001 to 002', () => {
  it('turns the version 1 fixture into a version 2 bundle that validates', () => {
    const bundle = migrated(v1);
    expect(bundle.schemaVersion).toBe(2);
    expect(bundle.datasets).toEqual({
      spiral: v1.runs[0]?.dataset,
      iris: { kind: 'shipped', name: 'iris' },
    });
    expect(bundle.notebook).toMatchObject({
      authors: ['Ada Lovelace'],
      cells: [
        { type: 'markdown', id: 'intro' },
        { id: 'linear', dataset: 'spiral' },
        { id: 'hidden', dataset: 'spiral' },
        { id: 'flowers', dataset: 'iris' },
      ],
    });
    expect(bundle.runs).toMatchObject([{ id: 'run-1', datasetKey: 'spiral' }]);
    expect(validateBundle(bundle).ok).toBe(true);
  });

  it('drops the version 1 fields it replaces and keeps every other field as it was', () => {
    const bundle = migrated(v1);
    const notebook = bundle.notebook as JsonObject;
    expect(Object.hasOwn(notebook, 'author')).toBe(false);
    expect(JSON.stringify(bundle.runs)).not.toContain('"dataset"');
    expect(bundle).toMatchObject({ id: v1.id, origin: 'teacher-tools 1.2', weights: v1.weights });
    expect(notebook).toMatchObject({ level: 'beginner', title: v1.notebook.title });
    expect((notebook.cells as JsonObject[])[2]).toMatchObject({ hint: 'Try 32 units.' });
  });

  it('gives different refs different keys, equal refs one, and never a refused key', () => {
    const bundle = migrated({
      ...v1,
      notebook: {
        title: 't',
        author: '  ',
        cells: [
          experiment('a', builtin('spiral', 1)),
          experiment('b', builtin('spiral', 2)),
          experiment('c', {
            seed: 1,
            params: { classes: 2, noise: 0.1, size: 100 },
            generator: 'spiral',
            kind: 'builtin',
          }),
          experiment('d', { kind: 'local', sha256: 'a'.repeat(64), name: 'constructor' }),
          experiment('e', { kind: 'local', sha256: 'b'.repeat(64), name: '__proto__' }),
          experiment('f', { kind: 'local', sha256: 'c'.repeat(64), name: 'Données élèves' }),
        ],
      },
      runs: [],
    });
    const notebook = bundle.notebook as JsonObject;
    expect(notebook.authors).toEqual([]);
    expect((notebook.cells as JsonObject[]).map((cell) => cell.dataset)).toEqual([
      'spiral',
      'spiral-2',
      'spiral',
      'constructor-data',
      'proto',
      'donn-es-l-ves',
    ]);
    expect(Object.keys(bundle.datasets as JsonObject)).toHaveLength(5);
  });

  it.each([
    [{ ...v1, datasets: {} }, /top-level "datasets"/],
    [{ ...v1, notebook: { title: 't', cells: 'none' } }, /no notebook with a list of cells/],
    [{ ...v1, notebook: { ...v1.notebook, author: ['Ada'] } }, /notebook\.author is not text/],
    [
      { ...v1, notebook: { ...v1.notebook, cells: [experiment('x', 'spiral')] } },
      /cell 1 names no dataset/,
    ],
    [{ ...v1, runs: [{ ...v1.runs[0], dataset: null }] }, /run 1 names no dataset/],
  ])('refuses a version 1 bundle it cannot bring up to date (%#)', (input, message) => {
    const result = migrate001to002(json(input));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.reason).toBe('invalid-field');
    expect(!result.ok && result.error.message).toMatch(message);
  });
});
