/**
 * A user's own text as a dataset, read in the data worker: a .txt file for language modelling, or
 * a CSV with a text column and a label column for text classification (text-choices.ts).
 */
import { DataFormatError, type GradlabError } from '../errors';
import { err, ok, type Result } from '../result';
import { decodeText } from './csv/decode-text';
import { readCsv } from './csv/import-csv';
import { TEXT_LIMITS, packLanguage, packTextClasses, type PackedText } from './text-dataset';
import type { TextChoices } from './text-choices';
import { compareCodePoints } from './tokenizer';

/** A text file bigger than this is refused: its token ids would not fit the worker's memory. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

const refuse = (message: string, reason = 'text') => err(new DataFormatError(message, reason));

/** The file's text, or why it is not text a model can learn from. */
export function readText(bytes: Uint8Array, fileName: string): Result<string, DataFormatError> {
  if (bytes.length > MAX_TEXT_BYTES) {
    return refuse(
      `${fileName} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Gradlab imports text up to ${MAX_TEXT_BYTES / 1024 / 1024} MB. Import a part of it.`,
      'too-big',
    );
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    return refuse(`${fileName} is empty: there is no text to learn from.`, 'empty');
  }
  const { text } = decoded.value;
  if (text.trim().length === 0) {
    return refuse(`${fileName} holds only spaces: there is no text to learn from.`, 'empty');
  }
  // Text has tabs and line breaks, but hardly any other control characters; binary files have many.
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x09 || (code > 0x0d && code < 0x20)) controls++;
  }
  if (controls > Math.max(2, text.length / 1000)) {
    return refuse(
      `${fileName} does not look like text (it holds ${controls} control bytes). Choose a plain .txt file.`,
      'binary',
    );
  }
  return ok(text);
}

/** The dataset's name: the file's, without its extension. */
const nameOf = (fileName: string): string =>
  (fileName.split('/').pop() ?? fileName).replace(/\.[^.]+$/, '') || fileName;

export function textToPacked(
  bytes: Uint8Array,
  fileName: string,
  choices: TextChoices,
): Result<PackedText, GradlabError> {
  if (choices.mode === 'language') {
    const text = readText(bytes, fileName);
    if (!text.ok) return text;
    return packLanguage(nameOf(fileName), text.value, choices);
  }
  const table = readCsv(bytes, { header: choices.header });
  if (!table.ok) return table;
  const { header, rows } = table.value;
  const { textColumn, labelColumn } = choices;
  if (textColumn >= header.length || labelColumn >= header.length) {
    return refuse(`${fileName} has ${header.length} columns; choose its text and label columns.`);
  }
  if (textColumn === labelColumn) {
    return refuse('The text and the label must be two different columns.');
  }
  const texts: string[] = [];
  const labelTexts: string[] = [];
  let dropped = 0;
  for (const row of rows) {
    const text = row[textColumn]?.trim() ?? '';
    const label = row[labelColumn]?.trim() ?? '';
    if (text === '' || label === '') dropped++;
    else {
      texts.push(text);
      labelTexts.push(label);
    }
  }
  const classNames = [...new Set(labelTexts)].sort(compareCodePoints);
  if (classNames.length > TEXT_LIMITS.maxClasses) {
    return refuse(
      `The label column "${header[labelColumn] ?? labelColumn}" has ${classNames.length} different values; text classification takes at most ${TEXT_LIMITS.maxClasses} classes. Is it the right column?`,
    );
  }
  const index = new Map(classNames.map((name, i) => [name, i]));
  const packed = packTextClasses(
    nameOf(fileName),
    texts,
    labelTexts.map((label) => index.get(label) ?? 0),
    classNames,
    choices,
  );
  if (!packed.ok) return packed;
  const notes =
    dropped > 0
      ? [`${dropped} row(s) without a text or a label were left out.`, ...packed.value.notes]
      : packed.value.notes;
  return ok({ ...packed.value, notes });
}
