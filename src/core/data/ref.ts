/** Checks a DatasetRef that arrives as untrusted JSON (a worker message, a bundle). */
import { HEADER_CHOICES, TASK_CHOICES, type CsvChoices } from './csv/choices';
import { InvalidDatasetError } from '../errors';
import { isSha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { checkDownloadUrl, FORMAT_FILES, REMOTE_FORMATS, type RemoteFormat } from './catalog';
import { CSV_LIMITS } from './csv/parse';
import {
  SHIPPED_DATASETS,
  type DatasetRef,
  type InlineDatasetRef,
  type LocalDatasetRef,
  type RemoteDatasetFile,
  type ShippedDatasetName,
  type UrlDatasetRef,
} from './dataset';
import { validateBuiltinRef } from './generators';
import { validateSequenceRef } from './sequence-tasks';
import { TextChoicesSchema } from './text-choices';
import * as v from 'valibot';
import { isRecord } from '../is-record';
import { counted } from '../plural';
import { shown } from '../shown';

const MAX_NAME_LENGTH = 200;
const MAX_URL_LENGTH = 4000;
const MAX_CLASS_NAMES = 1000;
/** An inline CSV travels in every copy of the bundle and its links; bigger data goes by URL. */
export const MAX_INLINE_CSV_CHARS = 1024 * 1024;

export const isShippedName = (value: unknown): value is ShippedDatasetName =>
  (SHIPPED_DATASETS as readonly unknown[]).includes(value);

/** Returns a fresh ref holding only the known fields. */
export function validateDatasetRef(ref: unknown): Result<DatasetRef, InvalidDatasetError> {
  if (!isRecord(ref)) return err(new InvalidDatasetError('The dataset reference is missing.'));
  switch (ref.kind) {
    case 'builtin': {
      const checked = validateBuiltinRef(ref);
      if (!checked.ok) return checked;
      const { generator, settings } = checked.value;
      return ok({
        kind: 'builtin',
        generator,
        params: { size: settings.size, noise: settings.noise, classes: settings.classes },
        seed: settings.seed,
      });
    }
    case 'shipped': {
      const limit = limitOf(ref.limit);
      if (!limit.ok) return limit;
      return isShippedName(ref.name)
        ? ok({ kind: 'shipped', name: ref.name, ...limit.value })
        : err(
            new InvalidDatasetError(
              `There is no shipped dataset called ${JSON.stringify(shown(ref.name))}; ` +
                `Gradlab ships ${SHIPPED_DATASETS.join(', ')}.`,
            ),
          );
    }
    case 'local': {
      const { sha256, name } = ref;
      if (typeof sha256 !== 'string' || !isSha256Hex(sha256)) {
        return err(new InvalidDatasetError('A stored dataset must be named by a SHA-256 hash.'));
      }
      const label = typeof name === 'string' ? name.slice(0, MAX_NAME_LENGTH) : sha256.slice(0, 12);
      const limit = limitOf(ref.limit);
      if (!limit.ok) return limit;
      const lineage = lineageOf(ref);
      if (!lineage.ok) return lineage;
      const base = {
        kind: 'local',
        sha256,
        name: label,
        ...limit.value,
        ...lineage.value,
      } as const;
      if (ref.text !== undefined) {
        const text = v.safeParse(TextChoicesSchema, ref.text);
        if (!text.success) {
          return refuse(
            `A stored dataset's text choices are not valid: ${text.issues[0].message}.`,
          );
        }
        return ok({ ...base, text: text.output });
      }
      if (ref.csv === undefined) return ok(base);
      const csv = csvChoicesOf(ref.csv);
      if (!csv.ok) return csv;
      return ok({ ...base, csv: csv.value });
    }
    case 'sequence':
      return validateSequenceRef(ref);
    case 'url':
      return validateUrlRef(ref);
    case 'inline':
      return validateInlineRef(ref);
    default:
      return err(
        new InvalidDatasetError(
          'Unknown kind of dataset reference: expected builtin, sequence, shipped, local, url or inline.',
        ),
      );
  }
}

const refuse = (message: string) => err(new InvalidDatasetError(message));

const isName = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= MAX_NAME_LENGTH;

const isRemoteFormat = (value: unknown): value is RemoteFormat =>
  (REMOTE_FORMATS as readonly unknown[]).includes(value);

function validateUrlRef(ref: Record<string, unknown>): Result<UrlDatasetRef, InvalidDatasetError> {
  if (!isName(ref.name)) {
    return refuse(`A downloaded dataset needs a name of 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  const { format } = ref;
  if (!isRemoteFormat(format)) {
    return refuse(`A downloaded dataset's format must be one of ${REMOTE_FORMATS.join(', ')}.`);
  }
  const wanted = FORMAT_FILES[format];
  if (!Array.isArray(ref.files) || ref.files.length !== wanted.length) {
    return refuse(
      `A ${format} dataset is downloaded from ${counted(wanted.length, 'file')}: ${wanted.join(', ')}.`,
    );
  }
  const files: RemoteDatasetFile[] = [];
  for (const file of ref.files as unknown[]) {
    const checked = remoteFileOf(file);
    if (!checked.ok) return checked;
    files.push(checked.value);
  }
  const out: UrlDatasetRef = { kind: 'url', name: ref.name, format, files };
  if (ref.target !== undefined) {
    if (format !== 'csv') return refuse('Only a CSV dataset names a target column.');
    if (!isName(ref.target)) {
      return refuse(`The target column must be named by 1 to ${MAX_NAME_LENGTH} characters.`);
    }
    out.target = ref.target;
  }
  if (ref.classNames !== undefined) {
    const names: unknown = ref.classNames;
    if (
      !Array.isArray(names) ||
      names.length < 1 ||
      names.length > MAX_CLASS_NAMES ||
      !names.every((name) => typeof name === 'string' && name.length <= MAX_NAME_LENGTH)
    ) {
      return refuse(
        `Class names must be a list of 1 to ${MAX_CLASS_NAMES} names of at most ${MAX_NAME_LENGTH} characters.`,
      );
    }
    out.classNames = [...(names as string[])];
  }
  const limit = limitOf(ref.limit);
  if (!limit.ok) return limit;
  return ok({ ...out, ...limit.value });
}

function remoteFileOf(file: unknown): Result<RemoteDatasetFile, InvalidDatasetError> {
  if (!isRecord(file) || typeof file.url !== 'string' || file.url.length > MAX_URL_LENGTH) {
    return refuse(`Each file of a downloaded dataset needs a web address.`);
  }
  const checked = checkDownloadUrl(file.url);
  if (!checked.ok) return refuse(checked.why);
  if (typeof file.sha256 !== 'string' || !isSha256Hex(file.sha256)) {
    return refuse(
      `The file at ${file.url.slice(0, 80)} needs its SHA-256 (64 lower-case hex digits), so a changed download is refused.`,
    );
  }
  return ok({ url: file.url, sha256: file.sha256 });
}

function validateInlineRef(
  ref: Record<string, unknown>,
): Result<InlineDatasetRef, InvalidDatasetError> {
  if (!isName(ref.name)) {
    return refuse(
      `A dataset carried in the bundle needs a name of 1 to ${MAX_NAME_LENGTH} characters.`,
    );
  }
  const { csv } = ref;
  if (typeof csv !== 'string' || csv.length === 0 || csv.length > MAX_INLINE_CSV_CHARS) {
    return refuse(
      `A dataset carried in the bundle must be CSV text of 1 to ${MAX_INLINE_CSV_CHARS} characters; share bigger data by URL.`,
    );
  }
  const choices = someCsvChoicesOf(ref);
  if (!choices.ok) return choices;
  const out: InlineDatasetRef = { kind: 'inline', name: ref.name, csv, ...choices.value };
  const limit = limitOf(ref.limit);
  if (!limit.ok) return limit;
  return ok({ ...out, ...limit.value });
}

/** The CSV choices `input` holds, each optional (an inline ref's). */
function someCsvChoicesOf(
  input: Record<string, unknown>,
): Result<Partial<CsvChoices>, InvalidDatasetError> {
  const out: Partial<CsvChoices> = {};
  if (input.header !== undefined) {
    const header = HEADER_CHOICES.find((choice) => choice === input.header);
    if (header === undefined) {
      return refuse(`The CSV header setting must be one of ${HEADER_CHOICES.join(', ')}.`);
    }
    out.header = header;
  }
  if (input.target !== undefined) {
    const { target } = input;
    if (!Number.isSafeInteger(target) || (target as number) < 0) {
      return refuse('The target column must be a column number from 0.');
    }
    if ((target as number) >= CSV_LIMITS.columns) {
      return refuse(`A CSV has at most ${CSV_LIMITS.columns} columns.`);
    }
    out.target = target as number;
  }
  if (input.task !== undefined) {
    const task = TASK_CHOICES.find((choice) => choice === input.task);
    if (task === undefined) return refuse(`The task must be one of ${TASK_CHOICES.join(', ')}.`);
    out.task = task;
  }
  return ok(out);
}

/** A local ref's CSV choices: all three, as its author's import made them. */
function csvChoicesOf(input: unknown): Result<CsvChoices, InvalidDatasetError> {
  if (!isRecord(input)) return refuse("A stored dataset's CSV choices must be an object.");
  const some = someCsvChoicesOf(input);
  if (!some.ok) return some;
  const { header, target, task } = some.value;
  return header === undefined || target === undefined || task === undefined
    ? refuse("A stored dataset's CSV choices name its header, target column and task.")
    : ok({ header, target, task });
}

/** A later version's number and parent, both or neither (a first version names none). */
function lineageOf(
  ref: Record<string, unknown>,
): Result<Pick<LocalDatasetRef, 'version' | 'parent'>, InvalidDatasetError> {
  const { version, parent } = ref;
  if (version === undefined && parent === undefined) return ok({});
  if (!Number.isSafeInteger(version) || (version as number) < 2) {
    return refuse(
      "A stored dataset's version must be a whole number from 2 (a later version) with its parent.",
    );
  }
  if (typeof parent !== 'string' || !isSha256Hex(parent)) {
    return refuse(
      "A stored dataset's parent version must be named by its SHA-256 (64 lower-case hex digits).",
    );
  }
  return ok({ version: version as number, parent });
}

function limitOf(limit: unknown): Result<{ limit?: number }, InvalidDatasetError> {
  if (limit === undefined) return ok({});
  return Number.isSafeInteger(limit) && (limit as number) >= 1
    ? ok({ limit: limit as number })
    : err(
        new InvalidDatasetError(
          'The number of examples to use must be a whole number of at least 1.',
        ),
      );
}

/** What a dataset is called in lists: the generator's or toy task's name, or the name the ref carries. */
export function datasetRefName(ref: DatasetRef): string {
  switch (ref.kind) {
    case 'builtin':
      return ref.generator;
    case 'sequence':
      return ref.task;
    default:
      return ref.name;
  }
}
