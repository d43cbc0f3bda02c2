/**
 * A table of strings to CSV text that parseCsv reads back to the same table. A field is quoted
 * when it holds a quote, a line break or any of the delimiters parseCsv sniffs (`,` `;` tab), not
 * only the one in use, so the written file sniffs back to its own delimiter; a row made of one
 * empty field is quoted so it is not read as a blank line. Lines end in LF.
 */
import type { CsvDelimiter } from './sniff-delimiter';

// A leading BOM is quoted too: parseCsv drops one at the start of the text.
const NEEDS_QUOTES = /[",;\t\r\n]|^\uFEFF/;

export function writeCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  delimiter: CsvDelimiter = ',',
): string {
  const lines = [header, ...rows].map((row) =>
    row.length === 1 && row[0] === '' ? '""' : row.map(quoteField).join(delimiter),
  );
  return lines.map((line) => line + '\n').join('');
}

function quoteField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
