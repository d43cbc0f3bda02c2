/**
 * Brings a bundle of any past schema version up to the current one, one numbered step at a time.
 * Each step is a pure function from version n to n + 1 in its own file, with a fixture of version
 * n in ../fixtures and a test; adding version 5 means adding `004-to-005.ts` to STEPS.
 *
 * Steps see JSON that toJsonValue has already bounded and cleaned, and they keep every field they
 * do not know. They do not validate: validate.ts checks the result against the current schema.
 */
import { BundleError } from '../../errors';
import { describeValue } from '../../model/fields';
import { err, ok, type Result } from '../../result';
import { isJsonObject, toJsonValue, type JsonObject } from '../canonical';
import { BUNDLE_TYPE, SCHEMA_VERSION } from '../schema';
import { migrate001to002 } from './001-to-002';
import { migrate002to003 } from './002-to-003';
import { migrate003to004 } from './003-to-004';

export type Migration = (bundle: JsonObject) => Result<JsonObject, BundleError>;

/** `STEPS[n - 1]` takes version n to version n + 1. */
export const STEPS: readonly Migration[] = [migrate001to002, migrate002to003, migrate003to004];

const newer = (version: number) =>
  new BundleError(
    `This bundle was made by a newer version of Gradlab (bundle format ${version}; this one reads up to ${SCHEMA_VERSION}). ` +
      'Reload the page to update Gradlab, then open it again.',
    'newer-version',
  );

/** The bundle's schema version when it is one this Gradlab can read (perhaps after migrating). */
export function readSchemaVersion(value: unknown): Result<number, BundleError> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    return err(
      new BundleError(
        `This bundle's schemaVersion must be a whole number from 1, got ${describeValue(value)}. ` +
          'The file is damaged or was not made by Gradlab.',
        'bad-version',
      ),
    );
  }
  return value > SCHEMA_VERSION ? err(newer(value)) : ok(value);
}

/**
 * Whether `input` says it is from a newer Gradlab, read before anything else is checked: a newer
 * format may well hold what this version would refuse, and the message must be about updating.
 */
function peekNewer(input: unknown): BundleError | null {
  try {
    if (typeof input !== 'object' || input === null) return null;
    const version = Object.getOwnPropertyDescriptor(input, 'schemaVersion')?.value as unknown;
    const isBundle = Object.getOwnPropertyDescriptor(input, 'type')?.value === BUNDLE_TYPE;
    if (!isBundle || !Number.isInteger(version) || (version as number) <= SCHEMA_VERSION) {
      return null;
    }
    return newer(version as number);
  } catch {
    return null;
  }
}

/** The bundle in the current schema version's shape (not yet validated), or why it cannot be. */
export function migrate(input: unknown): Result<JsonObject, BundleError> {
  const early = peekNewer(input);
  if (early !== null) return err(early);
  const json = toJsonValue(input);
  if (!json.ok) return json;
  let bundle = json.value;
  if (!isJsonObject(bundle) || bundle.type !== BUNDLE_TYPE) {
    return err(
      new BundleError(
        'This is not a Gradlab bundle (it lacks "type": "gradlab/bundle").',
        'not-a-bundle',
      ),
    );
  }
  const version = readSchemaVersion(bundle.schemaVersion);
  if (!version.ok) return version;
  for (let from = version.value; from < SCHEMA_VERSION; from++) {
    const step = STEPS[from - 1];
    if (step === undefined) {
      return err(new BundleError(`No migration from bundle format ${from}.`, 'bad-version'));
    }
    const next = step(bundle);
    if (!next.ok) return next;
    bundle = next.value;
  }
  return ok(bundle);
}
