/**
 * For tests: checks that an HTML string is inert. Every `<` must open a well-formed tag whose
 * attribute values are double-quoted (so text from a notebook can only be text or a quoted value),
 * and no tag or attribute may be one that runs script, loads a document or styles the page.
 */

const TAG = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<>]*")?)*)\s*\/?>/;
const ATTRIBUTE = /\s+([a-zA-Z][a-zA-Z0-9:-]*)(?:="([^"]*)")?/g;
const FORBIDDEN_TAGS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'style',
  'svg',
  'form',
  'base',
  'meta',
  'link',
  'frame',
  'frameset',
  'textarea',
  'select',
  'button',
]);
const SAFE_HREF = /^(?:https?:\/\/|mailto:|#md-)/i;
const SAFE_SRC = /^(?:data:image\/(?:png|jpeg|gif|webp);base64,|[^:]*$)/i;

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);?/g, (_, code: string) => String.fromCodePoint(Number(code) % 0x110000))
    .replace(/&#x([0-9a-f]+);?/gi, (_, code: string) =>
      String.fromCodePoint(parseInt(code, 16) % 0x110000),
    )
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface InertOptions {
  /** Tags allowed beyond markdown's own (the standalone page's `style`, `svg`, `meta`). */
  allowTags?: string[];
}

/** The first reason `html` is not inert, or null. */
export function inertnessProblem(html: string, options: InertOptions = {}): string | null {
  const allowed = new Set(options.allowTags ?? []);
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const rest = html.slice(at);
    if (rest.startsWith('<!doctype html>')) continue;
    const tag = TAG.exec(rest);
    if (!tag) return `malformed tag at ${at}: ${rest.slice(0, 40)}`;
    const name = (tag[1] ?? '').toLowerCase();
    if (FORBIDDEN_TAGS.has(name) && !allowed.has(name)) return `forbidden tag <${name}>`;
    const attributes = [...(tag[2] ?? '').matchAll(ATTRIBUTE)].map(
      ([, attribute = '', value = '']) => [attribute.toLowerCase(), decodeEntities(value)] as const,
    );
    if (name === 'input') {
      const names = attributes.map(([attribute]) => attribute);
      const isCheckbox = attributes.some(([a, v]) => a === 'type' && v === 'checkbox');
      if (!isCheckbox || !names.includes('disabled'))
        return 'an <input> that is not a disabled box';
    }
    for (const [attribute, value] of attributes) {
      if (attribute.startsWith('on')) return `event attribute ${attribute}`;
      if (attribute === 'style' || attribute === 'srcdoc' || attribute.endsWith('action')) {
        return `attribute ${attribute}`;
      }
      if (attribute === 'href' && !SAFE_HREF.test(value)) return `href ${value}`;
      if (attribute === 'src' && !SAFE_SRC.test(value)) return `src ${value}`;
      // Browsers drop whitespace and control characters from a URL before reading its scheme.
      const url = value.replace(/[\s\p{Cc}]/gu, '');
      if (attribute !== 'title' && /^(?:javascript|vbscript|data:text)/i.test(url)) {
        return `script URL in ${attribute}`;
      }
    }
  }
  return null;
}
