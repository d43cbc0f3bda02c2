import { describe, expect, it } from 'vitest';
import { summarizeColumns } from './columns';
import type { CsvTable } from './parse';

const table = (header: string[], rows: string[][]): CsvTable => ({
  header,
  rows,
  delimiter: ',',
  hasHeader: true,
});

const column = (values: string[]) => {
  const [summary] = summarizeColumns(
    table(
      ['v'],
      values.map((v) => [v]),
    ),
  );
  return summary!;
};

describe('summarizeColumns', () => {
  it('summarises a numeric column, counting NaN, NA, null and empty cells as missing', () => {
    const summary = column(['1', ' 2 ', 'NaN', 'na', 'NULL', '', '3', '2.0']);
    expect(summary).toMatchObject({ type: 'numeric', missing: 4, distinct: 3, min: 1, max: 3 });
    expect(summary.mean).toBeCloseTo(2);
    expect(summary.std).toBeCloseTo(Math.sqrt(0.5));
    expect(summary.top[0]).toEqual({ value: '2', count: 2 });
    expect(summary.notes).toEqual([]);
  });

  it('counts 1e999 and other numbers beyond float32 as missing, with a note', () => {
    const summary = column(['1', '1e999', '-5e38', '2']);
    expect(summary).toMatchObject({ type: 'numeric', missing: 2, min: 1, max: 2 });
    expect(summary.notes).toEqual([
      "2 values such as '1e999' are too large for 32-bit numbers and counted as missing.",
    ]);
  });

  it('reads 1,000 as text and says to remove thousands separators', () => {
    const summary = column(['1,000', '25', '2,500.5']);
    expect(summary.type).toBe('categorical');
    expect(summary.notes[0]).toContain("Values such as '1,000' contain a comma");
    expect(summary.notes[0]).toContain('Remove thousands separators');
  });

  it('names the stray text in a mostly numeric column', () => {
    const summary = column(['1', '2', '?', '4']);
    expect(summary.type).toBe('categorical');
    expect(summary.notes[0]).toContain("1 value such as '?' is not");
  });

  it('does not take parseFloat-style numbers', () => {
    for (const cell of ['12abc', '0x10', 'Infinity', '1.2.3', '--1', 'e5']) {
      expect(column([cell, '1']).type).toBe('categorical');
    }
    for (const cell of ['.5', '-3.', '+4e-2', '7E+3']) {
      expect(column([cell]).type).toBe('numeric');
    }
  });

  it('reports an all-missing column as empty', () => {
    expect(column(['', 'NA', 'NaN'])).toEqual({
      name: 'v',
      type: 'empty',
      missing: 3,
      distinct: 0,
      top: [],
      notes: [],
    });
  });

  it('stops counting distinct values at 1000', () => {
    const summary = column(Array.from({ length: 5000 }, (_, i) => `id${i}`));
    expect(summary.distinct).toBe(1000);
    expect(summary.notes[0]).toContain('More than 1000 distinct values');
  });

  it('names blank header cells by position', () => {
    const summaries = summarizeColumns(table(['', 'b'], [['1', 'x']]));
    expect(summaries.map((s) => s.name)).toEqual(['column 1', 'b']);
  });

  it('reads a long run of digits without backtracking', () => {
    const started = performance.now();
    expect(column([`${'1'.repeat(200_000)}x`]).type).toBe('categorical');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
