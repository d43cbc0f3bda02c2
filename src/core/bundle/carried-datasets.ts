/**
 * The imported datasets a bundle file carries, so that it opens complete in a browser that never
 * saw them. For each `local` dataset the bundle names, the file may hold
 *   datasets/<sha256>.packed   its packed bytes, exactly as its author's browser stored them
 *   datasets/<sha256>.json     what that browser knew of it (SharedDatasetDetails)
 * The bundle's content id covers each ref's sha256, so the bytes are pinned by it: opening checks
 * them against it. Entries no ref names are left among the extras.
 */
import * as v from 'valibot';
import type { LocalDatasetRef } from '../data/dataset';
import { SharedDatasetDetailsSchema, type SharedDatasetDetails } from '../data/stored-dataset';
import { BundleError } from '../errors';
import { sha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { datasetEntryPath } from './file';
import { BUNDLE_JSON_LIMITS, parseJsonSafely } from './json-limits';
import type { Bundle } from './schema';

export interface CarriedDataset {
  sha256: string;
  bytes: Uint8Array;
  details: SharedDatasetDetails;
}

/** The bundle's `local` datasets, one per sha256, in the order the bundle lists them. */
export function localDatasetsOf(bundle: Pick<Bundle, 'datasets'>): LocalDatasetRef[] {
  const seen = new Map<string, LocalDatasetRef>();
  for (const ref of Object.values(bundle.datasets)) {
    if (ref.kind === 'local' && !seen.has(ref.sha256)) seen.set(ref.sha256, ref);
  }
  return [...seen.values()];
}

/** The file entries that carry these datasets, for `encodeBundleFile`. */
export function carriedEntries(carried: readonly CarriedDataset[]): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  for (const { sha256, bytes, details } of carried) {
    entries[datasetEntryPath(sha256, 'packed')] = bytes;
    entries[datasetEntryPath(sha256, 'json')] = new TextEncoder().encode(JSON.stringify(details));
  }
  return entries;
}

const refuse = (message: string, reason: string) => err(new BundleError(message, reason));

/** What is known of a carried dataset whose details entry is missing: what its ref says. */
const detailsFromRef = (ref: LocalDatasetRef): SharedDatasetDetails => ({
  name: ref.name,
  source: { kind: 'file', fileName: ref.name, format: 'packed' },
  sourceSha256: null,
  columns: null,
  notes: [],
  ...(ref.csv === undefined ? {} : { csv: { ...ref.csv, text: null } }),
});

function detailsOf(
  ref: LocalDatasetRef,
  entry: Uint8Array | undefined,
  fileName: string,
): Result<SharedDatasetDetails, BundleError> {
  if (entry === undefined) return ok(detailsFromRef(ref));
  const damaged = refuse(
    `"${fileName}" carries the dataset "${ref.name}" with a description Gradlab cannot read; ` +
      'the file was damaged or crafted. Share it again from its author.',
    'file-bad-dataset',
  );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(entry);
  } catch {
    return damaged;
  }
  const json = parseJsonSafely(text, BUNDLE_JSON_LIMITS);
  if (!json.ok) return damaged;
  const parsed = v.safeParse(SharedDatasetDetailsSchema, json.value);
  return parsed.success ? ok(parsed.output) : damaged;
}

/**
 * The datasets `extras` (a bundle file's other entries) carry for the bundle's `local` refs, each
 * checked against its ref's sha256; never throws. A ref the file does not carry is left out: the
 * notebook then asks for its data when it opens.
 */
export async function carriedDatasetsOf(
  bundle: Pick<Bundle, 'datasets'>,
  extras: Readonly<Record<string, Uint8Array>>,
  fileName: string,
): Promise<Result<CarriedDataset[], BundleError>> {
  const carried: CarriedDataset[] = [];
  for (const ref of localDatasetsOf(bundle)) {
    const bytes = extras[datasetEntryPath(ref.sha256, 'packed')];
    if (bytes === undefined) continue;
    const details = detailsOf(ref, extras[datasetEntryPath(ref.sha256, 'json')], fileName);
    if (!details.ok) return details;
    const digest = await sha256Hex(bytes);
    if (digest !== ref.sha256) {
      return refuse(
        `"${fileName}" carries the dataset "${ref.name}", but its bytes do not match the ` +
          `SHA-256 the notebook names (expected ${ref.sha256.slice(0, 12)}…, got ` +
          `${digest.slice(0, 12)}…): the file was damaged or altered. Nothing was opened.`,
        'file-dataset-mismatch',
      );
    }
    carried.push({ sha256: ref.sha256, bytes, details: details.value });
  }
  return ok(carried);
}
