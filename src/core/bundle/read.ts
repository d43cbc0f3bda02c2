/**
 * Everything between what the user gave (a link's fragment, a file, an address) and a valid
 * bundle: decoding, fetching, unpacking, validation (which migrates older versions), the check
 * that its id is the hash of its content, and that of the datasets a file carries against the
 * hashes the bundle names. Nothing is saved here, and nothing throws. The page runs it in the data
 * worker (`readBundle` command), so that unzipping, inflating and hashing never hold the page.
 */
import { carriedDatasetsOf, type CarriedDataset } from './carried-datasets';
import { verifyContentId } from './content-id';
import { decodeBundleFile } from './file';
import { decodeLink } from './link';
import type { Bundle } from './schema';
import { validateBundle } from './validate';
import { BundleError } from '../errors';
import { err, ok, type Result } from '../result';
import { fetchBundleBytes, type FetchBundleError, type FetchBundleOptions } from './fetch';

export type ImportSource =
  | { kind: 'link'; hash: string }
  | { kind: 'file'; name: string; blob: Blob }
  | { kind: 'url'; url: string; sha256: string | null };

export interface OpenedBundle {
  bundle: Bundle;
  /** The bundle file's other entries (weights, data), none for links and `.json` files. */
  extras: Record<string, Uint8Array>;
  /** The imported datasets the file carries for the bundle's `local` refs, hash-checked. */
  datasets: CarriedDataset[];
}

export type ReadBundleError = BundleError | FetchBundleError;

/** Whether a location hash is a bundle link rather than a page of the app. */
export const isBundleHash = (hash: string): boolean => /^#(b|url)=/.test(hash);

/**
 * What the URL field holds: a whole Gradlab link (anything with a `#b=` or `#url=` fragment)
 * opens as that link; anything else is the address of a bundle file.
 */
export function sourceFromAddress(text: string): ImportSource {
  const trimmed = text.trim();
  const fragment = trimmed.indexOf('#');
  if (fragment >= 0 && isBundleHash(trimmed.slice(fragment))) {
    return { kind: 'link', hash: trimmed.slice(fragment) };
  }
  return { kind: 'url', url: trimmed, sha256: null };
}

/** `.gradlab.zip`, any `.zip` (a renamed bundle file) and `.json`. */
export const isBundleFileName = (name: string): boolean => /\.(zip|json)$/i.test(name);

/** The file's bytes, read only when its name is a bundle file's. */
async function fileBytes(name: string, blob: Blob): Promise<Result<Uint8Array, BundleError>> {
  if (!isBundleFileName(name)) {
    return err(
      new BundleError(
        `"${name}" is not a bundle file. Open a .gradlab.zip or .json bundle here; to add a ` +
          'dataset, use the Datasets page.',
        'file-not-bundle',
      ),
    );
  }
  try {
    return ok(new Uint8Array(await blob.arrayBuffer()));
  } catch (error) {
    return err(
      new BundleError(
        `"${name}" could not be read (${error instanceof Error ? error.message : String(error)}). ` +
          'Choose it again.',
        'file-unreadable',
      ),
    );
  }
}

function fileNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'bundle';
  } catch {
    return 'bundle';
  }
}

interface Decoded {
  json: unknown;
  extras: Record<string, Uint8Array>;
  /** The file's name, for messages about what it carries. */
  name: string;
}

async function jsonOf(
  source: ImportSource,
  options: FetchBundleOptions,
): Promise<Result<Decoded, ReadBundleError>> {
  switch (source.kind) {
    case 'file': {
      const bytes = await fileBytes(source.name, source.blob);
      const decoded = bytes.ok ? decodeBundleFile(bytes.value, source.name) : bytes;
      return decoded.ok ? ok({ ...decoded.value, name: source.name }) : decoded;
    }
    case 'url': {
      const name = fileNameOf(source.url);
      const bytes = await fetchBundleBytes(source.url, source.sha256, options);
      const decoded = bytes.ok ? decodeBundleFile(bytes.value, name) : bytes;
      return decoded.ok ? ok({ ...decoded.value, name }) : decoded;
    }
    case 'link': {
      const payload = decodeLink(source.hash);
      if (!payload.ok) return payload;
      if (payload.value.kind === 'inline') {
        return ok({ json: payload.value.json, extras: {}, name: 'the link' });
      }
      const { url, sha256 } = payload.value;
      return jsonOf({ kind: 'url', url, sha256 }, options);
    }
  }
}

export async function readBundle(
  source: ImportSource,
  options: FetchBundleOptions = {},
): Promise<Result<OpenedBundle, ReadBundleError>> {
  const decoded = await jsonOf(source, options);
  if (!decoded.ok) return decoded;
  const { json, extras, name } = decoded.value;
  // Validated first, so a bundle from a newer Gradlab says so rather than that its id is wrong.
  const bundle = validateBundle(json);
  if (!bundle.ok) return bundle;
  // The id names the bundle as written, so it is checked on what was read, not on the migration.
  const id = await verifyContentId(json as Readonly<Record<string, unknown>>);
  if (!id.ok) return id;
  const datasets = await carriedDatasetsOf(bundle.value, extras, name);
  if (!datasets.ok) return datasets;
  return ok({ bundle: bundle.value, extras, datasets: datasets.value });
}
