/**
 * Guesses the delimiter of CSV text from its first records. The one that splits every sampled
 * record into the same number (> 1) of fields wins; when several do, tab beats `;` beats `,`,
 * because decimal commas (`1,5;2,25`) are common in `;` files and commas in tab files, while the
 * reverse is rare. When none is consistent (a ragged file), the most frequent one is taken and
 * the parser then reports the ragged rows.
 */
export type CsvDelimiter = ',' | ';' | '\t';

/** Preference order when several delimiters fit equally well. */
const CANDIDATES: readonly CsvDelimiter[] = ['\t', ';', ','];
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = sampleCounts(text);
  let best: CsvDelimiter = ',';
  let bestTotal = 0;
  for (const candidate of CANDIDATES) {
    const perRecord = counts.map((record) => record[candidate]);
    const first = perRecord[0] ?? 0;
    if (first > 0 && perRecord.every((n) => n === first)) return candidate;
    const total = perRecord.reduce((a, b) => a + b, 0);
    if (total > bestTotal) {
      best = candidate;
      bestTotal = total;
    }
  }
  return best;
}

type Counts = Record<CsvDelimiter, number>;

/**
 * Delimiters counted outside quotes in each non-blank record of the sample. Every quote toggles
 * the quoted state, which also reads an escaped `""` right; a record cut off by the end of the
 * sample is left out unless it is the only one.
 */
function sampleCounts(text: string): Counts[] {
  const end = Math.min(text.length, SAMPLE_CHARS);
  const records: Counts[] = [];
  let current: Counts = { ',': 0, ';': 0, '\t': 0 };
  let blank = true;
  let quoted = false;
  for (let i = 0; i < end && records.length < SAMPLE_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      quoted = !quoted;
      blank = false;
    } else if (quoted) {
      continue;
    } else if (c === LF || c === CR) {
      if (!blank) records.push(current);
      current = { ',': 0, ';': 0, '\t': 0 };
      blank = true;
    } else {
      blank = false;
      const ch = text[i] as string;
      if (ch === ',' || ch === ';' || ch === '\t') current[ch]++;
    }
  }
  const cutOff = end < text.length;
  if (!blank && (!cutOff || records.length === 0)) records.push(current);
  return records;
}
