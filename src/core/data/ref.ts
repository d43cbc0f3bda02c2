/** Checks a DatasetRef that arrives as untrusted JSON (a worker message, later a bundle). */
import { InvalidDatasetError } from '../errors';
import { isSha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { SHIPPED_DATASETS, type DatasetRef, type ShippedDatasetName } from './dataset';
import { validateBuiltinRef } from './generators';

const MAX_NAME_LENGTH = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
              `There is no shipped dataset called ${JSON.stringify(String(ref.name)).slice(0, 60)}; ` +
                `Gradlab ships ${SHIPPED_DATASETS.join(' and ')}.`,
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
      return ok({ kind: 'local', sha256, name: label, ...limit.value });
    }
    default:
      return err(
        new InvalidDatasetError(
          'Unknown kind of dataset reference: expected builtin, shipped or local.',
        ),
      );
  }
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
