/**
 * A bundle's id: `sha256-` and the hex SHA-256 of the UTF-8 of the canonical JSON of everything in
 * it but `id`. Two bundles with the same content have the same id whatever their key order.
 *
 * An id names a bundle as it was written: migrating an older bundle changes its content but not
 * its id, so an id is checked on what was read, before migrating.
 */
import { BundleError } from '../errors';
import { sha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { canonicalJson, setOwn } from './canonical';

export const CONTENT_ID = /^sha256-[0-9a-f]{64}$/;

/** Throws a BundleError when `bundle` holds what JSON cannot (see canonicalJson). */
export async function contentId(bundle: object): Promise<string> {
  const rest = {};
  for (const [key, value] of Object.entries(bundle)) {
    if (key !== 'id') setOwn(rest, key, value);
  }
  const bytes = new TextEncoder().encode(canonicalJson(rest));
  return `sha256-${await sha256Hex(bytes)}`;
}

/** The bundle's id when it matches its content, else an error naming both. Never throws. */
export async function verifyContentId(
  bundle: Readonly<Record<string, unknown>>,
): Promise<Result<string, BundleError>> {
  const claimed = Object.hasOwn(bundle, 'id') ? bundle.id : undefined;
  if (typeof claimed !== 'string' || !CONTENT_ID.test(claimed)) {
    return err(
      new BundleError('This bundle has no valid id (sha256-<64 hex digits>).', 'id-mismatch'),
    );
  }
  let actual: string;
  try {
    actual = await contentId(bundle);
  } catch (error) {
    return err(error instanceof BundleError ? error : new BundleError(String(error), 'not-json'));
  }
  return actual === claimed
    ? ok(actual)
    : err(
        new BundleError(
          `This bundle was changed after it was saved: its id is ${claimed.slice(0, 19)}... but its content hashes to ${actual.slice(0, 19)}.... Ask for a fresh copy.`,
          'id-mismatch',
        ),
      );
}
