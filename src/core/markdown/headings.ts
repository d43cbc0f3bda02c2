/**
 * Heading ids for in-page links. Every id starts with `md-`, so that no heading of a notebook can
 * take the id of an element of the app (or a name like `__proto__`), and a document's repeated
 * headings get `-1`, `-2`, ... as on GitHub.
 */
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { renderEnvOf } from './render-env';

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

/**
 * The ids of one document's headings: the first of a text keeps its base id, repeats get `-1`,
 * `-2`, ... skipping ids already taken (a heading may itself be called "a-1"). Each base
 * remembers the last suffix it gave, so n repeats cost n steps rather than n²/2.
 */
export class HeadingIds {
  private readonly used = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  /** Set lookups made so far, for tests that count the work. */
  probes = 0;

  take(base: string): string {
    let n = this.nextSuffix.get(base) ?? 0;
    let id = n === 0 ? base : `${base}-${n}`;
    for (this.probes++; this.used.has(id); this.probes++) id = `${base}-${++n}`;
    this.nextSuffix.set(base, n + 1);
    this.used.add(id);
    return id;
  }
}

/**
 * Sets `id` on the first `limits.headings` headings of each rendered document; later ones become
 * paragraphs, counted in `env.capped`.
 */
export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('heading_ids', (state) => {
    const env = renderEnvOf(state.env);
    const ids = new HeadingIds();
    let headings = 0;
    const tokens = state.tokens;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (token?.type !== 'heading_open') continue;
      if (++headings > env.limits.headings) {
        const close = tokens[index + 2];
        token.type = 'paragraph_open';
        token.tag = 'p';
        if (close?.type === 'heading_close') {
          close.type = 'paragraph_close';
          close.tag = 'p';
        }
        env.capped.headings++;
        continue;
      }
      token.attrSet('id', ids.take(headingId(plainText(tokens[index + 1]?.children ?? null))));
    }
  });
}
