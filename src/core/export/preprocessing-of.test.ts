import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { StoredDatasetSchema } from '../data/stored-dataset';
import { storedTable } from '../data/test-stored-dataset';
import {
  pointsPreprocessing,
  preprocessingOf,
  storedPreprocessing,
  textPreprocessing,
} from './preprocessing-of';
import { PreprocessingSchema } from './preprocessing-schema';
import { imported, PENGUINS, recordOf, table } from './test-tables';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - m) ** 2)));
};

describe('storedPreprocessing of a table', () => {
  it('carries the statistics of the rows the import kept, not of every row', () => {
    const result = imported(PENGUINS);
    const record = recordOf(result);
    expect(v.is(StoredDatasetSchema, record)).toBe(true);
    const p = storedPreprocessing(record);
    expect(v.is(PreprocessingSchema, p)).toBe(true);
    if (p.kind !== 'tabular') throw new Error('expected a table');
    expect(p.exact).toBe(true);
    expect(p.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(p.targetName).toBe('species');
    expect(p.featureNames).toEqual(record.header.featureNames);
    const kept = [3750, 3500, 5000, 5700, 3400, 4000];
    const [bill, island, note, mass, species] = p.columns;
    expect(mass).toMatchObject({ name: 'mass_g', kind: 'numeric' });
    expect(mass).toMatchObject({
      mean: expect.closeTo(mean(kept), 9),
      std: expect.closeTo(std(kept), 9),
    });
    expect(mass).not.toMatchObject({ mean: expect.closeTo(record.columns?.[3]?.mean ?? 0, 3) });
    expect(bill).toMatchObject({
      kind: 'numeric',
      mean: expect.closeTo(mean([39.1, 46.5, 50, 38.8, 49.2]), 9),
    });
    expect(island).toEqual({
      name: 'island',
      kind: 'one-hot',
      categories: ['Biscoe', 'Dream', 'Torgersen'],
      missing: true,
    });
    expect(note).toEqual({
      name: 'note',
      kind: 'dropped',
      reason: "Column 'note' has no values and was left out.",
    });
    expect(species).toEqual({ name: 'species', kind: 'target' });
  });

  it('derives inexact statistics from the summaries of a record stored before they were kept', () => {
    const result = imported(PENGUINS);
    const p = storedPreprocessing(recordOf(result, { encoding: false }));
    if (p.kind !== 'tabular') throw new Error('expected a table');
    expect(p.exact).toBe(false);
    const every = [3750, 3500, 5000, 5700, 3400, 4000, 9000];
    expect(p.columns[3]).toEqual({
      name: 'mass_g',
      kind: 'numeric',
      mean: mean(every),
      std: std(every),
    });
    // Categories, dropped columns and the target are read back as the import wrote them.
    expect(p.columns.filter((_, i) => i !== 0 && i !== 3)).toEqual(
      result.encoding.filter((_, i) => i !== 0 && i !== 3),
    );
  });

  it('derives exactly the import encoding when no row was left out', () => {
    const full = table(PENGUINS.header, PENGUINS.rows.slice(0, 6));
    const result = imported(full);
    const p = storedPreprocessing(recordOf(result, { encoding: false }));
    if (p.kind !== 'tabular') throw new Error('expected a table');
    expect(p.exact).toBe(true);
    expect(p.columns).toEqual(result.encoding);
  });

  it('reads a column of too many categories as left out, with the import reason', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`id${i}`, String(i % 7), i % 2 ? 'a' : 'b']);
    const result = imported(table(['id', 'n', 'label'], rows));
    const derived = storedPreprocessing(recordOf(result, { encoding: false }));
    if (derived.kind !== 'tabular') throw new Error('expected a table');
    expect(derived.columns).toEqual(result.encoding);
    expect(derived.columns[0]).toMatchObject({
      kind: 'dropped',
      reason: expect.stringMatching(/60 distinct/),
    });
  });

  it('rejects a stored record whose encoding is malformed', () => {
    const record = {
      ...recordOf(imported(PENGUINS)),
      encoding: [{ name: 'x', kind: 'numeric', mean: 0, std: 0 }],
    };
    expect(v.is(StoredDatasetSchema, record)).toBe(false);
  });
});

describe('storedPreprocessing of images', () => {
  it('names the pixel grid, the 1/255 scaling of bytes and the classes', () => {
    const base = storedTable('1'.repeat(64), 'digits', { kind: 'shipped', name: 'mnist-10k' });
    const record = {
      ...base,
      header: {
        ...base.header,
        kind: 'image' as const,
        inputShape: [28, 28, 1],
        xType: 'uint8' as const,
        classNames: ['0', '1', '2'],
        featureNames: [],
      },
    };
    const p = storedPreprocessing(record);
    expect(p).toEqual({
      format: 1,
      kind: 'image',
      task: 'classification',
      inputShape: [28, 28, 1],
      classNames: ['0', '1', '2'],
      targetName: null,
      height: 28,
      width: 28,
      channels: 1,
      scale: 255,
    });
    const rgb = storedPreprocessing({
      ...record,
      header: { ...record.header, inputShape: [32, 16, 3], xType: 'float32' },
    });
    expect(rgb).toMatchObject({ height: 32, width: 16, channels: 3, scale: 1 });
    expect(v.is(PreprocessingSchema, rgb)).toBe(true);
  });
});

describe('pointsPreprocessing', () => {
  it('feeds generated points as they are, classes named by index', () => {
    const p = pointsPreprocessing({
      kind: 'builtin',
      generator: 'spiral',
      params: { size: 200, noise: 0.1, classes: 3 },
      seed: 1,
    });
    expect(p).toEqual({
      format: 1,
      kind: 'points',
      task: 'classification',
      inputShape: [2],
      classNames: ['class 0', 'class 1', 'class 2'],
      targetName: null,
      features: ['x', 'y'],
    });
    expect(v.is(PreprocessingSchema, p)).toBe(true);
  });

  it('gives regression points one feature and the target y', () => {
    const p = pointsPreprocessing({
      kind: 'builtin',
      generator: 'sine',
      params: { size: 100, noise: 0 },
      seed: 1,
    });
    expect(p).toMatchObject({
      task: 'regression',
      inputShape: [1],
      classNames: [],
      targetName: 'y',
      features: ['x'],
    });
  });
});

describe('preprocessing of text', () => {
  const tokenizer = { kind: 'char' as const, vocab: ['', '?', '|', 'a', 'b'] };
  const info = {
    name: 'Reverse (toy task)',
    kind: 'text' as const,
    task: 'sequence' as const,
    inputShape: [9],
    numClasses: 5,
    n: 100,
    tokenizer,
  };

  it('is the tokenizer of a toy task, whose classes are its tokens', () => {
    const ref = {
      kind: 'sequence' as const,
      task: 'reverse' as const,
      params: { size: 100, length: 4, vocab: 2 },
      seed: 1,
    };
    const p = preprocessingOf(ref, null, info);
    expect(p).toEqual({
      format: 1,
      kind: 'text',
      task: 'sequence',
      inputShape: [9],
      classNames: ['', '?', '|', 'a', 'b'],
      targetName: null,
      tokenizer,
    });
    expect(v.is(PreprocessingSchema, p)).toBe(true);
    expect(v.is(PreprocessingSchema, { ...p, tokenizer: { kind: 'byte', vocab: [] } })).toBe(false);
  });

  it("keeps a text classifier's classes", () => {
    const p = textPreprocessing(
      { task: 'classification', inputShape: [9], classNames: ['ham', 'spam'] },
      tokenizer,
    );
    expect(p.classNames).toEqual(['ham', 'spam']);
    expect(v.is(PreprocessingSchema, p)).toBe(true);
  });
});
