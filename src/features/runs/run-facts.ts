/** The rules for the names and tags a user types (automatic names: core/runs/run-name.ts). */

export const NAME_MAX_LENGTH = 200;
export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

/** A trimmed name, or null when nothing is left (the old name stays). */
export function cleanName(text: string): string | null {
  const name = text.trim().slice(0, NAME_MAX_LENGTH);
  return name === '' ? null : name;
}

/** Comma-separated tags: trimmed, empty ones dropped, repeats dropped, each and all capped. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().slice(0, TAG_MAX_LENGTH))
    .filter((t) => t !== '');
  return [...new Set(tags)].slice(0, TAGS_MAX);
}
