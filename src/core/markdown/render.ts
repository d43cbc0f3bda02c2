/**
 * Notebook markdown to HTML. The text comes from whoever shared the notebook, so the output is
 * safe to insert into the page as is:
 * - raw HTML in the source is never parsed (`html: false`) and shows as text;
 * - links only to http(s), mailto and headings of the same text (urls.ts), checked when parsing
 *   (`validateLink`) and again when rendering; any other link shows its text only;
 * - images only from same-origin relative paths or base64 raster data; any other shows its alt;
 * - attributes only from an allowlist (no `style`, no `on*`), table alignment as classes;
 * - math through KaTeX as MathML with `trust: false` (math.ts).
 * Every step is linear in the text (heading ids, link pairing, math, the element budget), and what
 * is costly is capped (limits.ts): the length, headings, formulas, nesting depth and the elements
 * of the result, each with a note saying what was left out, so that no text can hang the page or
 * overflow the stack. The page renders in a worker (workers/markdown.worker.ts) all the same.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { elementBudgetPlugin } from './budget';
import { elementsIn, escapeHtml } from './escape';
import { anchorTarget, headingIdsPlugin } from './headings';
import { capNotes, MARKDOWN_LIMITS, type MarkdownLimits } from './limits';
import { mathPlugin } from './math';
import { nestingCapPlugin } from './nesting';
import { newRenderEnv } from './render-env';
import { taskListsPlugin } from './task-lists';
import { isAnchorHref, isExternalHref, isSafeImageSrc, isSafeLinkHref } from './urls';

export const MAX_MARKDOWN_LENGTH = MARKDOWN_LIMITS.length;

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

/** Whether a link may keep its tag; sets its final href, rel and target. */
function allowLink(token: Token): boolean {
  const href = token.attrGet('href') ?? '';
  if (isExternalHref(href)) {
    token.attrSet('rel', EXTERNAL_LINK_REL);
    token.attrSet('target', '_blank');
    return true;
  }
  if (!isAnchorHref(href)) return false;
  const target = anchorTarget(href.slice(1));
  if (target === null) return false;
  token.attrSet('href', `#${target}`);
  return true;
}

/**
 * Link tags whose href is refused are hidden, open and close alike; the link's text still
 * renders. Links do not nest, so each close belongs to the last open: one pass pairs them all.
 */
function safeLinks(md: MarkdownIt): void {
  md.core.ruler.push('safe_links', (state) => {
    for (const block of state.tokens) {
      let refused = false;
      for (const token of block.children ?? []) {
        if (token.type === 'link_open') {
          refused = !allowLink(token);
          token.hidden = refused;
        } else if (token.type === 'link_close') {
          token.hidden = refused;
          refused = false;
        }
      }
    }
  });
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
  // Images need relative paths and data URLs; links are narrowed again when rendered.
  md.validateLink = (url) => isSafeLinkHref(url) || isSafeImageSrc(url);
  md.renderer.renderAttrs = renderAttributes;
  // Unreachable with `html: false`; kept so that turning it on cannot let HTML through.
  md.renderer.rules.html_block = (tokens, idx) =>
    `<p>${escapeHtml(tokens[idx]?.content ?? '')}</p>`;
  md.renderer.rules.html_inline = (tokens, idx) => escapeHtml(tokens[idx]?.content ?? '');
  md.use(nestingCapPlugin)
    .use(mathPlugin)
    .use(headingIdsPlugin)
    .use(taskListsPlugin)
    .use(alignmentAsClass)
    .use(safeLinks)
    .use(elementBudgetPlugin);
  safeImages(md);
  return md;
}

let renderer: MarkdownIt | null = null;

/** Elements at most in one piece of a text that the page inserts at a time. */
export const CHUNK_ELEMENTS = 1_000;

/** One text rendered: HTML safe to insert into a page, and what the caps left out of it. */
export interface RenderedMarkdown {
  html: string;
  /**
   * Where `html` may be cut into pieces of at most CHUNK_ELEMENTS elements (more only for one
   * top-level block that holds more), each piece whole top-level blocks: the end of each piece,
   * the last one `html.length`.
   */
  chunkEnds: number[];
  /** Elements `html` holds (as counted by the budget, before the notes). */
  elements: number;
  /** One plain sentence per cap that left something out. */
  notes: string[];
}

/** Notebook markdown rendered under `limits`. Never throws. */
export function renderMarkdownDocument(
  text: string,
  limits: MarkdownLimits = MARKDOWN_LIMITS,
): RenderedMarkdown {
  renderer ??= createRenderer();
  const env = newRenderEnv(limits);
  let source = text;
  if (source.length > limits.length) {
    env.capped.length = source.length - limits.length;
    source = source.slice(0, limits.length);
    // Do not leave half of a surrogate pair at the cut.
    if (/[\uD800-\uDBFF]$/.test(source)) source = source.slice(0, -1);
  }
  let html = '';
  const chunkEnds: number[] = [];
  let elements = 0;
  try {
    const tokens = renderer.parse(source, env);
    let inChunk = 0;
    for (const block of topLevelBlocks(tokens)) {
      const blockHtml = renderer.renderer.render(block, renderer.options, env);
      const blockElements = elementsIn(blockHtml);
      if (inChunk > 0 && inChunk + blockElements > CHUNK_ELEMENTS) {
        chunkEnds.push(html.length);
        inChunk = 0;
      }
      html += blockHtml;
      inChunk += blockElements;
      elements += blockElements;
    }
  } catch {
    html = `<pre>${escapeHtml(source)}</pre>\n`;
    chunkEnds.length = 0;
    elements = 1;
  }
  chunkEnds.push(html.length);
  return { html, chunkEnds, elements, notes: capNotes(env.capped, limits) };
}

/** The tokens of each top-level block, in order: a block ends at a leaf or a close at level 0. */
function* topLevelBlocks(tokens: Token[]): Generator<Token[]> {
  let start = 0;
  for (let at = 0; at < tokens.length; at++) {
    const token = tokens[at];
    if (token && token.level === 0 && token.nesting !== 1) {
      yield tokens.slice(start, at + 1);
      start = at + 1;
    }
  }
  if (start < tokens.length) yield tokens.slice(start);
}

/** The notes of a render as HTML, after its text. */
export function notesHtml(notes: readonly string[]): string {
  return notes.map((note) => `<p class="markdown-truncated">${escapeHtml(note)}</p>\n`).join('');
}

/**
 * Notebook markdown as an HTML string that is safe to insert into a page, the notes of any cap
 * after it (see renderMarkdownDocument). Never throws.
 */
export function renderMarkdown(text: string): string {
  const rendered = renderMarkdownDocument(text);
  return rendered.html + notesHtml(rendered.notes);
}
