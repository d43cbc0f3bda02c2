/**
 * Heading ids for in-page links. Every id starts with `md-`, so that no heading of a notebook can
 * take the id of an element of the app (or a name like `__proto__`), and a document's repeated
 * headings get `-1`, `-2`, ... as on GitHub.
 */
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export const HEADING_ID_PREFIX = 'md-';
const MAX_SLUG_LENGTH = 64;

/** GitHub-style: lower case, letters, digits, `_` and `-` kept, spaces to `-`, the rest dropped. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s+/g, '-')
    .slice(0, MAX_SLUG_LENGTH);
  return slug === '' ? 'section' : slug;
}

/** The id of a heading with this text (before `-1`, `-2`, ... for repeats). */
export function headingId(text: string): string {
  return HEADING_ID_PREFIX + slugify(text);
}

/**
 * The id an in-page link `#fragment` points at: authors may write the GitHub form (`#setup`) or
 * the rendered one (`#md-setup`). Null when the fragment is not percent-decodable.
 */
export function anchorTarget(fragment: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(fragment);
  } catch {
    return null;
  }
  const slug = slugify(text);
  return slug.startsWith(HEADING_ID_PREFIX) ? slug : HEADING_ID_PREFIX + slug;
}

function plainText(tokens: Token[] | null): string {
  return (tokens ?? [])
    .filter((token) => token.type === 'text' || token.type === 'code_inline')
    .map((token) => token.content)
    .join('');
}

/** Sets `id` on every heading of each rendered document. */
export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('heading_ids', (state) => {
    const used = new Set<string>();
    state.tokens.forEach((token, index) => {
      if (token.type !== 'heading_open') return;
      const base = headingId(plainText(state.tokens[index + 1]?.children ?? null));
      let id = base;
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      token.attrSet('id', id);
    });
  });
}
