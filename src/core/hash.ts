/** SHA-256 as lower-case hex, the content identity of datasets and bundles (SubtleCrypto). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const isSha256Hex = (text: string): boolean => /^[0-9a-f]{64}$/.test(text);
