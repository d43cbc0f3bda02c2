import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked } from '../packed';
import type { CsvTable } from './parse';
import { tabularDataset, type TabularOptions } from './tabular';

const table = (header: string[], rows: string[][]): CsvTable => ({
  header,
  rows,
  delimiter: ',',
  hasHeader: true,
});

function encoded(t: CsvTable, options: Partial<TabularOptions> = {}) {
  const result = tabularDataset(t, { target: t.header.length - 1, name: 'test', ...options });
  if (!result.ok) throw new Error(`expected a dataset, got: ${result.error.message}`);
  return result.value;
}

function failure(t: CsvTable, options: Partial<TabularOptions> = {}) {
  const result = tabularDataset(t, { target: t.header.length - 1, name: 'test', ...options });
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('tabularDataset', () => {
  it('z-scores numbers, one-hot encodes categories and labels sorted classes', () => {
    const result = encoded(
      table(
        ['age', 'color', 'label'],
        [
          ['10', 'red', 'yes'],
          ['20', 'blue', 'no'],
          ['', 'red', 'yes'],
          ['30', 'NA', 'no'],
        ],
      ),
    );
    const { header, x, y } = result.packed;
    expect(header).toEqual({
      name: 'test',
      kind: 'tabular',
      task: 'classification',
      count: 4,
      inputShape: [4],
      xType: 'float32',
      classNames: ['no', 'yes'],
      featureNames: ['age', 'color=blue', 'color=red', 'color=(missing)'],
      targetName: 'label',
    });
    const std = Math.sqrt(200 / 3);
    expect(result.normalization).toEqual([{ feature: 'age', mean: 20, std }]);
    const expected = [-10 / std, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 10 / std, 0, 0, 1];
    expect(Array.from(x)).toEqual(expected.map((v) => Math.fround(v)));
    expect(Array.from(y)).toEqual([1, 0, 1, 0]);
    expect(decodePacked(encodePacked(result.packed)).ok).toBe(true);
  });

  it('drops rows without a target and counts them', () => {
    const result = encoded(
      table(
        ['x', 'y'],
        [
          ['1', 'a'],
          ['2', ''],
          ['3', 'b'],
          ['4', 'null'],
        ],
      ),
    );
    expect(result.droppedRows).toBe(2);
    expect(result.packed.header.count).toBe(2);
    expect(result.notes).toContain("2 rows without a value in 'y' were left out.");
  });

  it('sorts numeric classes as numbers', () => {
    const rows = ['10', '2', '1', '2'].map((v, i) => [String(i), v]);
    const result = encoded(table(['x', 'digit'], rows));
    expect(result.packed.header.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(result.packed.y)).toEqual([2, 1, 0, 1]);
  });

  it('chooses regression for fractional or many-valued numeric targets', () => {
    const fractional = encoded(
      table(
        ['x', 'price'],
        [
          ['1', '1.5'],
          ['2', '2'],
        ],
      ),
    );
    expect(fractional.packed.header.task).toBe('regression');
    expect(fractional.packed.y).toBeInstanceOf(Float32Array);
    // Kept in the target's own units, and named, so an error can be given as "0.3 price".
    expect(Array.from(fractional.packed.y)).toEqual([1.5, 2]);
    expect(fractional.packed.header.targetName).toBe('price');
    const decoded = decodePacked(encodePacked(fractional.packed));
    expect(decoded.ok && decoded.value.header.targetName).toBe('price');
    const many = encoded(
      table(
        ['x', 'n'],
        Array.from({ length: 30 }, (_, i) => [String(i), String(i)]),
      ),
    );
    expect(many.packed.header.task).toBe('regression');
    const forced = encoded(
      table(
        ['x', 'n'],
        Array.from({ length: 30 }, (_, i) => [String(i), String(i % 25)]),
      ),
      { task: 'classification' },
    );
    expect(forced.packed.header.classNames).toHaveLength(25);
  });

  it('refuses a target with one class, naming the column and the value', () => {
    const error = failure(
      table(
        ['x', 'y'],
        [
          ['1', 'a'],
          ['2', 'a'],
          ['3', ''],
        ],
      ),
    );
    expect(error.reason).toBe('single-class');
    expect(error.message).toContain(
      "The target column 'y' has only one value ('a'); a classifier needs at least two classes",
    );
  });

  it('refuses regression on a text target and a target out of range', () => {
    const t = table(
      ['x', 'y'],
      [
        ['1', 'a'],
        ['2', 'b'],
      ],
    );
    expect(failure(t, { task: 'regression' }).reason).toBe('target-not-numeric');
    const outOfRange = failure(t, { target: 2 });
    expect(outOfRange.reason).toBe('target-out-of-range');
    expect(outOfRange.message).toContain('the table has 2 columns');
  });

  it('leaves out empty and high-cardinality columns, and fails when nothing is left', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`id${i}`, '', i % 2 ? 'a' : 'b']);
    const error = failure(table(['id', 'blank', 'y'], rows));
    expect(error.reason).toBe('no-features');
    expect(error.message).toContain("Column 'id' has 60 distinct values");
    expect(error.message).toContain("Column 'blank' has no values");
  });

  it('fails when no row has a target', () => {
    const error = failure(
      table(
        ['x', 'y'],
        [
          ['1', ''],
          ['2', 'NA'],
        ],
      ),
    );
    expect(error.reason).toBe('no-rows');
  });

  it('treats numbers beyond float32 as missing features', () => {
    const result = encoded(
      table(
        ['x', 'y'],
        [
          ['1', 'a'],
          ['1e999', 'b'],
          ['3', 'a'],
        ],
      ),
    );
    expect(Array.from(result.packed.x)).toEqual([-1, 0, 1]);
    expect(result.columns[0]!.notes[0]).toContain("'1e999' is too large");
  });
});
