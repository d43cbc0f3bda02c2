/**
 * What the share dialog offers for one bundle: the inline link with its size, and the file (its
 * name, bytes and SHA-256, which a by-reference link pins). Weights travel inline in the bundle
 * JSON, in the link and the file alike, so the bundle's id covers them. The file also carries the
 * stored bytes of the imported datasets the bundle names as `local` (carried-datasets.ts), so it
 * always opens complete; the bundle's id covers their hashes.
 */
import { canonicalJson } from '../../core/bundle/canonical';
import { carriedEntries, type CarriedDataset } from '../../core/bundle/carried-datasets';
import { encodeBundleFile, fileNameFor } from '../../core/bundle/file';
import { encodeInlineLink, encodeUrlLink, LINK_BUDGET_BYTES } from '../../core/bundle/link';
import type { Bundle } from '../../core/bundle/schema';
import type { BundleError } from '../../core/errors';
import { sha256Hex } from '../../core/hash';
import { ok, type Result } from '../../core/result';

export interface ShareOutputs {
  /** `<app URL without its hash>#b=...` */
  inlineLink: string;
  /** The length of the `#b=` fragment, the part that grows with the bundle. */
  linkBytes: number;
  /** Above LINK_BUDGET_BYTES, where the file is the better way to share. */
  overBudget: boolean;
  fileName: string;
  fileBytes: Uint8Array;
  fileSha256: string;
}

/**
 * `appUrl` is the page's address; its hash, if any, is dropped. `carried` are the bundle's local
 * datasets as this browser stores them, for the file.
 */
export async function shareOutputs(
  bundle: Bundle,
  appUrl: string,
  carried: readonly CarriedDataset[] = [],
): Promise<ShareOutputs> {
  const json = canonicalJson(bundle);
  const { fragment, bytes } = encodeInlineLink(json);
  const fileBytes = encodeBundleFile(json, carriedEntries(carried));
  return {
    inlineLink: `${withoutHash(appUrl)}${fragment}`,
    linkBytes: bytes,
    overBudget: bytes > LINK_BUDGET_BYTES,
    fileName: fileNameFor(bundle.notebook.title),
    fileBytes,
    fileSha256: await sha256Hex(fileBytes),
  };
}

export const withoutHash = (url: string): string => url.split('#')[0] ?? url;

/** The by-reference link to a copy of the file hosted at `fileUrl`, pinned to its hash. */
export function referenceLink(
  appUrl: string,
  fileUrl: string,
  fileSha256: string,
): Result<string, BundleError> {
  const fragment = encodeUrlLink(fileUrl.trim(), fileSha256);
  return fragment.ok ? ok(`${withoutHash(appUrl)}${fragment.value}`) : fragment;
}
