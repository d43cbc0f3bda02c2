/**
 * The field readers every validator of untrusted JSON shares (bundles, experiments, stored runs and
 * checkpoints): each reads one field of a JsonValue copy and either returns it typed or throws a
 * Refusal naming the path at fault, so a reader is one line per field. The entry points catch the
 * Refusal and turn it into their error result; nothing else ever sees it.
 */
import { BundleError, type GradlabError } from '../errors';
import { err, ok, type Result } from '../result';
import { validateSpec } from '../model/validate';
import type { ModelSpec } from '../model/spec';
import type { EpochRecord } from '../runs/epoch';
import { LIMITS, validateConfig, type TrainConfig } from '../train/config';
import { childPath, isJsonObject, setOwn, type JsonObject, type JsonValue } from './canonical';
import { CONTENT_ID } from './content-id';
import { BUNDLE_LIMITS as L, type BundleFault } from './schema';

/** Why a value was refused: the kind of fault, where, and what is wrong there. */
export class Refusal {
  constructor(
    readonly reason: BundleFault,
    readonly path: string,
    readonly problem: string,
  ) {}
}

export function fail(reason: BundleFault, path: string, problem: string): never {
  throw new Refusal(reason, path, problem);
}

/** A refusal as a bundle reader words it. */
export const bundleRefusal = ({ path, problem, reason }: Refusal): BundleError =>
  new BundleError(
    `This bundle cannot be opened: ${path} ${problem}. ` +
      'It may be damaged or made by another tool; ask its author for a new copy.',
    reason,
  );

/**
 * A refusal of the user's own notebook (a version being saved, a bundle being shared): what does
 * not fit, never "damaged".
 */
export const ownBundleRefusal = ({ path, problem, reason }: Refusal): BundleError =>
  new BundleError(
    `This notebook cannot be saved or shared as it is: ${path} ${problem}. Change that, then ` +
      'try again; the draft keeps everything.',
    reason,
  );

/**
 * Runs `read`, turning its Refusal into the error result `refuse` makes of it; anything else it
 * throws is a bug and goes on up.
 */
export function refusing<T, E extends GradlabError>(
  read: () => T,
  refuse: (refusal: Refusal) => E,
): Result<T, E> {
  try {
    return ok(read());
  } catch (error) {
    if (error instanceof Refusal) return err(refuse(error));
    throw error;
  }
}

export const shown = (value: JsonValue | undefined): string => {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isJsonObject(value)) return 'an object';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}...` : json;
};

export const at = (object: JsonObject, key: string): JsonValue | undefined =>
  Object.hasOwn(object, key) ? object[key] : undefined;

export function object(value: JsonValue | undefined, path: string): JsonObject {
  return isJsonObject(value)
    ? value
    : fail('invalid-field', path, `must be an object, not ${shown(value)}`);
}

export function list(value: JsonValue | undefined, path: string, max: number): JsonValue[] {
  if (!Array.isArray(value)) {
    return fail('invalid-field', path, `must be a list, not ${shown(value)}`);
  }
  return value.length <= max
    ? value
    : fail('too-large', path, `holds ${value.length} items; at most ${max} are allowed`);
}

export function text(value: JsonValue | undefined, path: string, min: number, max: number): string {
  return typeof value === 'string' && value.length >= min && value.length <= max
    ? value
    : fail(
        'invalid-field',
        path,
        `must be text of ${min} to ${max} characters, not ${shown(value)}`,
      );
}

export function number(
  value: JsonValue | undefined,
  path: string,
  min: number,
  max: number,
  whole = false,
): number {
  return typeof value === 'number' &&
    value >= min &&
    value <= max &&
    (!whole || Number.isInteger(value))
    ? value
    : fail(
        'invalid-field',
        path,
        `must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}, not ${shown(value)}`,
      );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isoDate(value: JsonValue | undefined, path: string): string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
    ? value
    : fail('invalid-field', path, `must be an ISO-8601 date and time, not ${shown(value)}`);
}

export function idField(value: JsonValue | undefined, path: string): string {
  return typeof value === 'string' && CONTENT_ID.test(value)
    ? value
    : fail(
        'invalid-field',
        path,
        `must be sha256- and 64 lower-case hex digits, not ${shown(value)}`,
      );
}

/** Copies the fields of `input` outside `known` onto `out`, where they round-trip untouched. */
export function keepUnknown<T extends object>(
  input: JsonObject,
  known: readonly string[],
  out: T,
): T {
  for (const [key, value] of Object.entries(input)) {
    if (!known.includes(key)) setOwn(out, key, value);
  }
  return out;
}

/** The validated value, with the fields of `input` it does not have laid back on, at every depth. */
export function overlay<T>(validated: T, input: JsonValue | undefined): T {
  if (Array.isArray(validated)) {
    return Array.isArray(input) && input.length === validated.length
      ? (validated.map((item: unknown, i) => overlay(item, input[i])) as T)
      : validated;
  }
  if (typeof validated !== 'object' || validated === null || !isJsonObject(input)) return validated;
  const out = {};
  for (const [key, value] of Object.entries(validated)) {
    setOwn(out, key, overlay(value, at(input, key)));
  }
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(validated, key)) setOwn(out, key, value);
  }
  return out as T;
}

export function spec(value: JsonValue | undefined, path: string): ModelSpec {
  const checked = validateSpec(value);
  return checked.ok
    ? overlay(checked.value, value)
    : fail('invalid-model', path, `is not a valid model: ${checked.error.message}`);
}

export function config(value: JsonValue | undefined, path: string): Required<TrainConfig> {
  const checked = validateConfig(value);
  return checked.ok
    ? overlay(checked.value, value)
    : fail(
        'invalid-config',
        childPath(path, checked.error.field),
        `is not valid: ${checked.error.message}`,
      );
}

const EPOCH_FIELDS = [
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'validationLoss',
  'validationAccuracy',
];

export function readEpochs(value: JsonValue | undefined, path: string): EpochRecord[] {
  let last = -1;
  return list(value, path, L.epochsPerRun).map((item, i) => {
    const here = `${path}[${i}]`;
    const input = object(item, here);
    const epoch = number(at(input, 'epoch'), `${here}.epoch`, 0, LIMITS.epochs.max, true);
    if (epoch <= last) fail('invalid-field', `${here}.epoch`, `must come after epoch ${last}`);
    last = epoch;
    const loss = (field: string) =>
      number(at(input, field), `${here}.${field}`, -Number.MAX_VALUE, Number.MAX_VALUE);
    const orNull = (field: string, read: (field: string) => number) =>
      at(input, field) === null ? null : read(field);
    const accuracy = (field: string) => number(at(input, field), `${here}.${field}`, 0, 1);
    return keepUnknown(input, EPOCH_FIELDS, {
      epoch,
      trainLoss: loss('trainLoss'),
      trainAccuracy: orNull('trainAccuracy', accuracy),
      validationLoss: orNull('validationLoss', loss),
      validationAccuracy: orNull('validationAccuracy', accuracy),
    });
  });
}
