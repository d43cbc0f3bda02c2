import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse';
import { writeCsv } from './write';

/** Strings heavy in what CSV must escape, plus any unicode. */
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', '\r', '\n', ' ', 'a', '1', '.') }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
);

const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    header: fc.array(cell, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
      minLength: 1,
      maxLength: 8,
    }),
    delimiter: fc.constantFrom(',' as const, ';' as const, '\t' as const),
  }),
);

describe('writeCsv', () => {
  it('quotes only fields that need it', () => {
    expect(writeCsv(['a', 'b c'], [['1,5', 'say "hi"']])).toBe('a,b c\n"1,5","say ""hi"""\n');
    expect(writeCsv(['a'], [[''], ['x']], ';')).toBe('a\n""\nx\n');
  });

  it('keeps a leading byte order mark that is part of a value', () => {
    const result = parseCsv(writeCsv(['\ufeffa', 'b'], [['1', '2']]), { header: 'present' });
    expect(result.ok && result.value.header).toEqual(['\ufeffa', 'b']);
  });

  it('is read back by parseCsv to the same table, whatever the cells and delimiter', () => {
    fc.assert(
      fc.property(table, ({ header, rows, delimiter }) => {
        const result = parseCsv(writeCsv(header, rows, delimiter), { header: 'present' });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.header).toEqual(header);
        expect(result.value.rows).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });
});
