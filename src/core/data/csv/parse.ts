/**
 * CSV text to a table of strings, in one linear pass that gives up early on hostile input.
 *
 * Reads RFC 4180: fields in double quotes may hold delimiters, quotes (doubled) and line breaks;
 * lines end in CRLF, LF or CR; a trailing line break and empty lines are ignored. It is lenient
 * where spreadsheets are: a quote inside an unquoted field is kept as text, and text after a
 * closing quote (`"a"b`) is appended to the field. Fields are not trimmed.
 *
 * Hostile input fails fast: a row wider than the column limit is refused as soon as its field
 * count passes it, and a quoted field is abandoned once it grows past the field limit, so an
 * unbalanced quote costs at most one scan of the text, never a rescan per line. A quoted field
 * that spans lines and is followed by more text is also read as an unbalanced quote, since that
 * is what a stray quote pairing with the next one looks like.
 */
import { DataFormatError, LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { detectHeader } from './detect-header';
import { sniffDelimiter, type CsvDelimiter } from './sniff-delimiter';
import { counted } from '../../plural';

export type { CsvDelimiter } from './sniff-delimiter';

export interface CsvTable {
  /** One name per column; "column 1", "column 2", ... when the file has no header row. */
  header: string[];
  /** Data rows, each exactly `header.length` fields long. */
  rows: string[][];
  delimiter: CsvDelimiter;
  hasHeader: boolean;
}

export interface CsvLimits {
  /** Longest text accepted, in characters (UTF-16 code units; bytes for readCsv). */
  bytes: number;
  /** Most data rows, not counting the header. */
  rows: number;
  columns: number;
  /** Longest single field, in characters. */
  fieldChars: number;
}

export const CSV_LIMITS: Readonly<CsvLimits> = {
  bytes: 100 * 1024 * 1024,
  rows: 1_000_000,
  columns: 1000,
  fieldChars: 1024 * 1024,
};

export interface CsvParseOptions extends Partial<CsvLimits> {
  /** 'auto' (the default) guesses whether the first row is a header (see detect-header.ts). */
  header?: 'auto' | 'present' | 'absent';
  /** Guessed from the first records when not given (see sniff-delimiter.ts). */
  delimiter?: CsvDelimiter;
}

export type CsvError = DataFormatError | LimitExceededError;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

export function parseCsv(text: string, options: CsvParseOptions = {}): Result<CsvTable, CsvError> {
  const limits = resolveLimits(options);
  if (text.length > limits.bytes) {
    return err(
      new LimitExceededError(
        `The CSV text is ${sizeText(text.length, 'characters')} long; Gradlab imports up to ${sizeText(limits.bytes, 'characters')}. ` +
          'Remove rows or columns, or import a sample of the file.',
        'bytes',
      ),
    );
  }
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
  const delimiter = options.delimiter ?? sniffDelimiter(text.slice(start));
  const mode = options.header ?? 'auto';
  // One extra record may be the header; which it is is known only once some rows are read.
  const parsed = readRecords(text, start, delimiter, limits, limits.rows + 1);
  if (!parsed.ok) return parsed;
  const { records, firstLine } = parsed.value;
  const first = records[0];
  if (!first) {
    return err(
      new DataFormatError(
        'The file holds no rows: it is empty or has only blank lines. Choose a CSV file with a row of values per line.',
        'empty-file',
      ),
    );
  }
  const hasHeader = mode === 'present' || (mode === 'auto' && detectHeader(records));
  if (hasHeader && records.length === 1) {
    return err(
      new DataFormatError(
        `The file has a header row (line ${firstLine}) but no rows of data below it. Add at least one row of values.`,
        'header-only',
      ),
    );
  }
  if (!hasHeader && records.length > limits.rows) return tooManyRows(limits.rows);
  const header = hasHeader ? first : first.map((_, i) => `column ${i + 1}`);
  const rows = hasHeader ? records.slice(1) : records;
  return ok({ header, rows, delimiter, hasHeader });
}

export function resolveLimits(options: Partial<CsvLimits>): CsvLimits {
  return {
    bytes: options.bytes ?? CSV_LIMITS.bytes,
    rows: options.rows ?? CSV_LIMITS.rows,
    columns: options.columns ?? CSV_LIMITS.columns,
    fieldChars: options.fieldChars ?? CSV_LIMITS.fieldChars,
  };
}

/** A size for a message: megabytes when large, else the count in `unit`. */
export function sizeText(n: number, unit: 'characters' | 'bytes'): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${n} ${unit}`;
}

/**
 * Every non-blank record, checked for width against the first one as it is read, and the line
 * the first one is on.
 */
function readRecords(
  text: string,
  start: number,
  delimiter: CsvDelimiter,
  limits: CsvLimits,
  maxRecords: number,
): Result<{ records: string[][]; firstLine: number }, CsvError> {
  const sep = delimiter.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  let width = -1;
  let firstLine = 1;
  let line = 1;
  let pos = start;
  while (pos < n) {
    const recordLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      const fieldStart = pos;
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        blank = false;
        const quoted = readQuoted(text, pos, limits.fieldChars);
        if (quoted === null) return err(unbalancedQuote(line, limits.fieldChars));
        value = quoted.value;
        const breaks = countLineBreaks(text, pos, quoted.end);
        pos = quoted.end;
        const rest = scanUnquoted(text, pos, sep);
        // Text after a closing quote is tolerated on one line (`"a"b`), but after a field that
        // spans lines it means the quotes paired up wrongly: an earlier one was never closed.
        if (breaks > 0 && text.slice(pos, rest).trim() !== '') {
          return err(unbalancedQuote(line, limits.fieldChars));
        }
        line += breaks;
        if (rest > pos) value += text.slice(pos, rest);
        pos = rest;
      } else {
        pos = scanUnquoted(text, pos, sep);
        value = text.slice(fieldStart, pos);
        if (pos > fieldStart) blank = false;
      }
      if (pos - fieldStart > limits.fieldChars) {
        return err(fieldTooLong(recordLine, fields.length + 1, limits.fieldChars));
      }
      fields.push(value);
      if (fields.length > limits.columns) {
        return err(
          new LimitExceededError(
            `Line ${recordLine} has more than ${limits.columns} columns, the most Gradlab imports. ` +
              'Remove columns you do not need, or check that the delimiter is right.',
            'columns',
          ),
        );
      }
      const c = text.charCodeAt(pos);
      if (c === sep) {
        blank = false;
        pos++;
        continue;
      }
      if (c === CR) {
        pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
      } else if (c === LF) {
        pos++;
        line++;
      }
      break;
    }
    if (blank) continue;
    if (width === -1) {
      width = fields.length;
      firstLine = recordLine;
    } else if (fields.length !== width) {
      return err(raggedRow(recordLine, fields.length, firstLine, width, delimiter));
    }
    if (records.length >= maxRecords) return tooManyRows(limits.rows);
    records.push(fields);
  }
  return ok({ records, firstLine });
}

/** End of the unquoted run from `pos`: the next delimiter, line break or the end of the text. */
function scanUnquoted(text: string, pos: number, sep: number): number {
  const n = text.length;
  let i = pos;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === sep || c === LF || c === CR) break;
    i++;
  }
  return i;
}

/**
 * The field whose opening quote is at `open`, with `""` unescaped, and the index just past its
 * closing quote; null when no closing quote comes within `maxChars`, as then the quote is
 * unbalanced (or the field too long, which the message also covers).
 */
function readQuoted(
  text: string,
  open: number,
  maxChars: number,
): { value: string; end: number } | null {
  let value = '';
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1 || close - open > maxChars) return null;
    if (text.charCodeAt(close + 1) === QUOTE) {
      value += text.slice(from, close + 1);
      from = close + 2;
    } else {
      value += text.slice(from, close);
      return { value, end: close + 1 };
    }
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

function unbalancedQuote(line: number, maxChars: number): DataFormatError {
  return new DataFormatError(
    `A double quote opened on line ${line} is never closed (or its field runs past ${sizeText(maxChars, 'characters')}). ` +
      `Close the quoted value on line ${line}, or double any quote that is part of the text ("").`,
    'unbalanced-quote',
  );
}

function fieldTooLong(line: number, column: number, maxChars: number): DataFormatError {
  return new DataFormatError(
    `Field ${column} on line ${line} is longer than ${sizeText(maxChars, 'characters')}, the longest value Gradlab imports. ` +
      'Shorten it, or check that the file is a CSV table.',
    'field-too-long',
  );
}

function raggedRow(
  line: number,
  fields: number,
  firstLine: number,
  width: number,
  delimiter: CsvDelimiter,
): DataFormatError {
  const shown = delimiter === '\t' ? 'tab' : `'${delimiter}'`;
  return new DataFormatError(
    `Line ${line} has ${counted(fields, 'field')}, but the first row (line ${firstLine}) has ${width}. ` +
      `Every row needs one value per column: look on line ${line} for a missing or extra ${shown}, ` +
      'or a value containing the delimiter that should be in double quotes.',
    'ragged-rows',
  );
}

function tooManyRows(max: number): Result<never, LimitExceededError> {
  return err(
    new LimitExceededError(
      `The file has more than ${max.toLocaleString('en-US')} rows, the most Gradlab imports. ` +
        'Import a sample of the rows instead.',
      'rows',
    ),
  );
}
