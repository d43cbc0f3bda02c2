/**
 * Notebook markdown to HTML. The text comes from whoever shared the notebook, so the output is
 * safe to insert into the page as is:
 * - raw HTML in the source is never parsed (`html: false`) and shows as text;
 * - links only to http(s), mailto and headings of the same text (urls.ts), checked when parsing
 *   (`validateLink`) and again when rendering; any other link shows its text only;
 * - images only from same-origin relative paths or base64 raster data; any other shows its alt;
 * - attributes only from an allowlist (no `style`, no `on*`), table alignment as classes;
 * - math through KaTeX as MathML with `trust: false` (math.ts).
 * Input is capped at the bundle's markdown limit and nesting at MAX_NESTING, so that no text can
 * hang the page or overflow the stack.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { BUNDLE_LIMITS } from '../bundle/schema';
import { escapeHtml } from './escape';
import { anchorTarget, headingIdsPlugin } from './headings';
import { mathPlugin } from './math';
import { taskListsPlugin } from './task-lists';
import { isAnchorHref, isExternalHref, isSafeImageSrc, isSafeLinkHref } from './urls';

export const MAX_MARKDOWN_LENGTH = BUNDLE_LIMITS.markdownLength;
/** Blockquotes, lists and brackets deeper than this render as text. */
export const MAX_NESTING = 20;

export const EXTERNAL_LINK_REL = 'noopener noreferrer nofollow';

const ALLOWED_ATTRIBUTES = new Set([
  'id',
  'class',
  'href',
  'rel',
  'target',
  'title',
  'alt',
  'start',
  'type',
  'checked',
  'disabled',
]);
const SAFE_CLASS = /^[\w+#.-]+$/;
const TABLE_ALIGN = /^text-align:(left|right|center)$/;

function renderAttributes(token: Pick<Token, 'attrs'>): string {
  let html = '';
  for (const [name, value] of token.attrs ?? []) {
    if (!ALLOWED_ATTRIBUTES.has(name)) continue;
    if (name === 'href' && !isSafeLinkHref(value)) continue;
    const safeValue =
      name === 'class'
        ? value
            .split(/\s+/)
            .filter((word) => SAFE_CLASS.test(word))
            .join(' ')
        : value;
    html += ` ${name}="${escapeHtml(safeValue)}"`;
  }
  return html;
}

/** markdown-it writes table alignment as `style`, which the output must not hold. */
function alignmentAsClass(md: MarkdownIt): void {
  md.core.ruler.push('table_align_class', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue;
      const align = TABLE_ALIGN.exec(token.attrGet('style') ?? '')?.[1];
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `md-align-${align}`);
    }
  });
}

/** Link tags whose href is refused are left out; the link's text still renders. */
function safeLinks(md: MarkdownIt): void {
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    if (!token) return '';
    const href = token.attrGet('href') ?? '';
    let keep = true;
    if (isExternalHref(href)) {
      token.attrSet('rel', EXTERNAL_LINK_REL);
      token.attrSet('target', '_blank');
    } else if (isAnchorHref(href)) {
      const target = anchorTarget(href.slice(1));
      if (target === null) keep = false;
      else token.attrSet('href', `#${target}`);
    } else {
      keep = false;
    }
    if (keep) return self.renderToken(tokens, idx, options);
    // Links do not nest, so the next link_close is this link's.
    const close = tokens.slice(idx + 1).find((next) => next.type === 'link_close');
    if (close) close.hidden = true;
    return '';
  };
  md.renderer.rules.link_close = (tokens, idx, options, _env, self) =>
    tokens[idx]?.hidden ? '' : self.renderToken(tokens, idx, options);
}

function safeImages(md: MarkdownIt): void {
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (!token) return '';
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const src = token.attrGet('src') ?? '';
    if (!isSafeImageSrc(src)) return escapeHtml(alt);
    const title = token.attrGet('title');
    const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
    return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttribute} loading="lazy">`;
  };
}

function createRenderer(): MarkdownIt {
  const md = new MarkdownIt('default', {
    html: false,
    linkify: true,
    typographer: false,
  });
  // Not in @types/markdown-it's Options, but read by the block and inline parsers.
  Object.assign(md.options, { maxNesting: MAX_NESTING });
  // Images need relative paths and data URLs; links are narrowed again when rendered.
  md.validateLink = (url) => isSafeLinkHref(url) || isSafeImageSrc(url);
  md.renderer.renderAttrs = renderAttributes;
  // Unreachable with `html: false`; kept so that turning it on cannot let HTML through.
  md.renderer.rules.html_block = (tokens, idx) =>
    `<p>${escapeHtml(tokens[idx]?.content ?? '')}</p>`;
  md.renderer.rules.html_inline = (tokens, idx) => escapeHtml(tokens[idx]?.content ?? '');
  md.use(mathPlugin).use(headingIdsPlugin).use(taskListsPlugin).use(alignmentAsClass);
  safeLinks(md);
  safeImages(md);
  return md;
}

let renderer: MarkdownIt | null = null;

/**
 * Notebook markdown as an HTML string that is safe to insert into a page. Text longer than
 * MAX_MARKDOWN_LENGTH is cut there, with a visible note. Never throws.
 */
export function renderMarkdown(text: string): string {
  renderer ??= createRenderer();
  let source = text;
  let note = '';
  if (source.length > MAX_MARKDOWN_LENGTH) {
    source = source.slice(0, MAX_MARKDOWN_LENGTH);
    // Do not leave half of a surrogate pair at the cut.
    if (/[\uD800-\uDBFF]$/.test(source)) source = source.slice(0, -1);
    note = `<p class="markdown-truncated">This text is longer than ${MAX_MARKDOWN_LENGTH.toLocaleString('en-US')} characters; the rest is not shown.</p>\n`;
  }
  try {
    return renderer.render(source) + note;
  } catch {
    return `<pre>${escapeHtml(source)}</pre>\n${note}`;
  }
}
