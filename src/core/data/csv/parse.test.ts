import { describe, expect, it } from 'vitest';
import { DataFormatError, LimitExceededError } from '../../errors';
import { parseCsv, type CsvParseOptions } from './parse';

function parsed(text: string, options?: CsvParseOptions) {
  const result = parseCsv(text, options);
  if (!result.ok) throw new Error(`expected a table, got: ${result.error.message}`);
  return result.value;
}

function failure(text: string, options?: CsvParseOptions) {
  const result = parseCsv(text, options);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseCsv', () => {
  it('reads a header and numeric rows, ignoring the trailing newline', () => {
    expect(parsed('x,y\n1,2\n3,4\n')).toEqual({
      header: ['x', 'y'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
      delimiter: ',',
      hasHeader: true,
    });
  });

  it('reads CRLF, LF and CR line ends alike and skips blank lines', () => {
    const table = parsed('a,b\r\n1,2\r\n\r\n3,4\r5,6\n\n7,8');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
      ['7', '8'],
    ]);
  });

  it('sniffs `;` with decimal commas and keeps quoted newlines, quotes and delimiters', () => {
    const text = 'name;note;price\r\n"Smith; J.";"line one\r\nline ""two""";1,5\r\nLee;"";2,25\r\n';
    const table = parsed(text);
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['name', 'note', 'price']);
    expect(table.rows).toEqual([
      ['Smith; J.', 'line one\r\nline "two"', '1,5'],
      ['Lee', '', '2,25'],
    ]);
  });

  it('ignores delimiters inside quotes when sniffing', () => {
    expect(parsed('a,b\n"x;y",1\n"p;q",2\n').delimiter).toBe(',');
  });

  it('sniffs tabs', () => {
    const table = parsed('a\tb\n1,5\t2\n');
    expect(table.delimiter).toBe('\t');
    expect(table.rows).toEqual([['1,5', '2']]);
  });

  it('strips a BOM left at the start of the text', () => {
    expect(parsed('\ufeffa,b\n1,2\n').header).toEqual(['a', 'b']);
  });

  it('synthesises column names when the first row is data', () => {
    const table = parsed('1,2,3\n4,5,6\n');
    expect(table.hasHeader).toBe(false);
    expect(table.header).toEqual(['column 1', 'column 2', 'column 3']);
    expect(table.rows).toHaveLength(2);
  });

  it('detects a header over text rows only when its names do not recur below', () => {
    expect(parsed('color,size\nred,small\nblue,large\n').hasHeader).toBe(true);
    expect(parsed('red,small\nblue,large\nred,large\n').hasHeader).toBe(false);
  });

  it('honours a forced header choice', () => {
    expect(parsed('1,2\n3,4\n', { header: 'present' }).header).toEqual(['1', '2']);
    expect(parsed('a,b\n1,2\n', { header: 'absent' }).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses empty text and text of blank lines', () => {
    for (const text of ['', '\n\r\n\n']) {
      const error = failure(text);
      expect(error).toBeInstanceOf(DataFormatError);
      expect((error as DataFormatError).reason).toBe('empty-file');
    }
  });

  it('refuses a header with no rows, naming its line', () => {
    const error = failure('name,age,city\n') as DataFormatError;
    expect(error.reason).toBe('header-only');
    expect(error.message).toContain('header row (line 1)');
    expect(error.message).toContain('Add at least one row');
    expect(failure('\n\nname,age\n\n').message).toContain('header row (line 3)');
  });

  it('refuses ragged rows, naming the line and the counts', () => {
    const error = failure('a,b,c\n1,2,3\n\n4,5\n') as DataFormatError;
    expect(error.reason).toBe('ragged-rows');
    expect(error.message).toContain('Line 4 has 2 fields');
    expect(error.message).toContain('(line 1) has 3');
  });

  it('counts quoted line breaks in the line numbers it reports', () => {
    const error = failure('a,b\n"x\ny",1\n2\n') as DataFormatError;
    expect(error.message).toContain('Line 4 has 1 field,');
  });

  it('refuses an unbalanced quote early in a 50 MB file within a second', () => {
    const body = '1.25,2.5,text value\n'.repeat(2_600_000);
    const text = `a,b,c\n1,"2,3\n${body}`;
    expect(text.length).toBeGreaterThan(50_000_000);
    const started = performance.now();
    const error = failure(text) as DataFormatError;
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('unbalanced-quote');
    expect(error.message).toContain('line 2');
    expect(elapsed).toBeLessThan(1000);
  });

  it('gives up on an unbalanced quote once it passes the field limit, even with quotes later', () => {
    const body = 'x,""\n'.repeat(5_000_000);
    const text = `a,b\n"open,1\n${body}`;
    const started = performance.now();
    const error = failure(text) as DataFormatError;
    expect(error.reason).toBe('unbalanced-quote');
    expect(error.message).toContain('line 2');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads a quote that pairs with a later one across lines as unbalanced', () => {
    const error = failure('a,b\n"open,1\nx,"quoted"\ny,2\n') as DataFormatError;
    expect(error.reason).toBe('unbalanced-quote');
    expect(error.message).toContain('opened on line 2');
  });

  it('refuses 100,000 columns on the first row quickly', () => {
    const text = `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`;
    const started = performance.now();
    const error = failure(text.repeat(3));
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).limit).toBe('columns');
    expect(error.message).toContain('Line 1 has more than 1000 columns');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('enforces the row, size and field limits', () => {
    const rows = failure('a\n1\n2\n3\n', { rows: 2 }) as LimitExceededError;
    expect(rows.limit).toBe('rows');
    expect(parsed('a\n1\n2\n', { rows: 2 }).rows).toHaveLength(2);
    expect(parsed('1\n2\n', { rows: 2 }).rows).toHaveLength(2);
    expect((failure('1\n2\n3\n', { rows: 2 }) as LimitExceededError).limit).toBe('rows');
    expect((failure('a,b\n1,2\n', { bytes: 4 }) as LimitExceededError).limit).toBe('bytes');
    const field = failure(`a,b\n${'x'.repeat(20)},1\n`, { fieldChars: 10 }) as DataFormatError;
    expect(field.reason).toBe('field-too-long');
    expect(field.message).toContain('Field 1 on line 2');
  });

  it('keeps an empty last field after a trailing delimiter', () => {
    expect(parsed('a,b\n1,', { header: 'present' }).rows).toEqual([['1', '']]);
  });

  it('is lenient with stray quotes as spreadsheets are', () => {
    expect(parsed('a,b\n5",x\n"q"r,y\n').rows).toEqual([
      ['5"', 'x'],
      ['qr', 'y'],
    ]);
  });
});
