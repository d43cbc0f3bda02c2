/** The worker's one call for a user's CSV file: byte limit, then text decoding, then parsing. */
import { LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { decodeText, type TextEncodingName } from './decode-text';
import {
  parseCsv,
  resolveLimits,
  sizeText,
  type CsvError,
  type CsvParseOptions,
  type CsvTable,
} from './parse';

export interface ImportedCsv extends CsvTable {
  /** The encoding the bytes were read in, to show the user when it was guessed. */
  encoding: TextEncodingName;
}

/** `options.bytes` limits the file's size in bytes here, before anything is decoded. */
export function readCsv(
  bytes: Uint8Array,
  options: CsvParseOptions = {},
): Result<ImportedCsv, CsvError> {
  const limits = resolveLimits(options);
  if (bytes.length > limits.bytes) {
    return err(
      new LimitExceededError(
        `The file is ${sizeText(bytes.length, 'bytes')}; Gradlab imports CSV files up to ${sizeText(limits.bytes, 'bytes')}. ` +
          'Remove rows or columns, or import a sample of the file.',
        'bytes',
      ),
    );
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.value.text, options);
  if (!parsed.ok) return parsed;
  return ok({ ...parsed.value, encoding: decoded.value.encoding });
}
