/**
 * TeX math for markdown-it: `$inline$`, `$$display$$` inside a paragraph, and `$$` blocks on their
 * own lines, rendered by KaTeX as MathML.
 *
 * MathML, not KaTeX's HTML output: the app's Content-Security-Policy has no
 * `style-src 'unsafe-inline'`, so the inline styles of the HTML output would be dropped and the
 * formulas garbled, while Chromium lays out MathML natively and needs no stylesheet.
 *
 * Dollars follow Pandoc's rule so that prices stay text: an opening `$` is not followed by
 * whitespace, a closing `$` is not preceded by whitespace nor followed by a digit ("costs $5 and
 * $6" has no math). `\$` is a literal dollar, outside math and inside it.
 */
import katex from 'katex';
import type MarkdownIt from 'markdown-it';
import type { StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import { elementsIn, escapeHtml } from './escape';
import { renderEnvOf } from './render-env';

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** Anything KaTeX returns that matches this is not shown: a guard against a KaTeX bug. */
const UNSAFE_MATHML =
  /<(?:script|iframe|object|embed|style|svg|form|input|base|meta|link|a)\b|\son[a-z]+\s*=|\s(?:href|src|srcdoc)\s*=|javascript:/i;

/**
 * One formula as MathML. `trust: false` keeps `\href`, `\url`, `\includegraphics` and `\html*`
 * as red command names, and the expansion and size caps bound the work of hostile macros.
 * KaTeX still writes a few `style` attributes (its parse-error span, `\fcolorbox`'s border): they
 * are removed, because the CSP would block them anyway and the output must hold no `style=`;
 * `.katex-error` is coloured by the stylesheet instead.
 */
export function renderTex(tex: string, displayMode: boolean): string {
  let html: string;
  try {
    html = katex.renderToString(tex, {
      output: 'mathml',
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      maxSize: 50,
      maxExpand: 1000,
      displayMode,
    });
  } catch {
    // Not a ParseError (those are rendered, not thrown): show the source rather than lose the cell.
    html = '';
  }
  html = html.replace(/\sstyle="[^"]*"/g, '');
  if (html === '' || UNSAFE_MATHML.test(html)) {
    return `<code class="katex-error">${escapeHtml(tex)}</code>`;
  }
  return html;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** A `$` preceded by an odd number of backslashes is escaped. */
function isEscaped(src: string, pos: number): boolean {
  let backslashes = 0;
  for (let at = pos - 1; at >= 0 && src.charCodeAt(at) === BACKSLASH; at--) backslashes++;
  return backslashes % 2 === 1;
}

function canClose(src: string, pos: number): boolean {
  return (
    src.charCodeAt(pos) === DOLLAR &&
    !isEscaped(src, pos) &&
    !isWhitespace(src.charCodeAt(pos - 1)) &&
    !isDigit(src.charCodeAt(pos + 1))
  );
}

/**
 * Where every single `$` of a paragraph could close inline math, computed once per paragraph:
 * scanning forward from each opener instead would be quadratic on text like `$a $a $a ...`.
 */
const closersBySource = new WeakMap<StateInline, { src: string; positions: number[] }>();

function closersOf(state: StateInline): number[] {
  const cached = closersBySource.get(state);
  if (cached && cached.src === state.src) return cached.positions;
  const positions: number[] = [];
  for (let pos = 1; pos < state.src.length; pos++) {
    if (state.src.charCodeAt(pos + 1) === DOLLAR && state.src.charCodeAt(pos) === DOLLAR) {
      pos++; // `$$` belongs to display math, never a single closer
      continue;
    }
    if (canClose(state.src, pos)) positions.push(pos);
  }
  closersBySource.set(state, { src: state.src, positions });
  return positions;
}

/** The first position in sorted `positions` that is at least `min`, or -1. */
function firstAtLeast(positions: number[], min: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((positions[mid] ?? Infinity) < min) low = mid + 1;
    else high = mid;
  }
  return positions[low] ?? -1;
}

function pushMath(state: StateInline, type: string, markup: string, content: string): void {
  const token = state.push(type, 'math', 0);
  token.markup = markup;
  token.content = content;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR || isEscaped(src, pos)) return false;

  if (src.charCodeAt(pos + 1) === DOLLAR) {
    let end = src.indexOf('$$', pos + 2);
    while (end !== -1 && isEscaped(src, end)) end = src.indexOf('$$', end + 1);
    if (end === -1 || end + 2 > posMax || src.slice(pos + 2, end).trim() === '') {
      // Both dollars stay text: the second must not open inline math on its own.
      if (!silent) state.pending += '$$';
      state.pos = pos + 2;
      return true;
    }
    if (!silent) pushMath(state, 'math_inline_display', '$$', src.slice(pos + 2, end));
    state.pos = end + 2;
    return true;
  }

  if (isWhitespace(src.charCodeAt(pos + 1))) return false;
  const end = firstAtLeast(closersOf(state), pos + 2);
  if (end === -1 || end >= posMax) return false;
  if (!silent) pushMath(state, 'math_inline', '$', src.slice(pos + 1, end));
  state.pos = end + 1;
  return true;
}

function lineText(state: StateBlock, line: number): string {
  const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  return state.src.slice(start, state.eMarks[line] ?? start);
}

/** Lines a display block may span; also bounds the search for a closer that never comes. */
const MAX_BLOCK_LINES = 200;

/**
 * `$$` at the start of a line opens a display block, closed by the first line ending in `$$`
 * before a blank line (TeX refuses blank lines in display math too) or a line opening another.
 */
function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const first = lineText(state, startLine).trimEnd();
  if (!first.startsWith('$$')) return false;

  let content: string;
  let lastLine = startLine;
  const rest = first.slice(2);
  const inner = rest.indexOf('$$');
  if (inner !== -1 && inner !== rest.length - 2) return false; // `$$a$$ text`: inline display
  if (rest.length >= 2 && rest.endsWith('$$') && !isEscaped(rest, rest.length - 2)) {
    content = rest.slice(0, -2);
  } else {
    const lines = [rest];
    let closed = false;
    const stop = Math.min(endLine, startLine + MAX_BLOCK_LINES);
    for (let line = startLine + 1; line < stop; line++) {
      const text = lineText(state, line).trimEnd();
      if (text === '' || (state.sCount[line] ?? 0) < state.blkIndent) break;
      if (text.endsWith('$$') && !isEscaped(text, text.length - 2)) {
        lines.push(text.slice(0, -2));
        lastLine = line;
        closed = true;
        break;
      }
      // Another opener: this one is not a block (and no text re-scans the same lines twice).
      if (text.startsWith('$$')) break;
      lines.push(text);
    }
    if (!closed) return false;
    content = lines.join('\n');
  }
  if (content.trim() === '') return false;
  if (silent) return true;

  state.line = lastLine + 1;
  const token: Token = state.push('math_block', 'math', 0);
  token.block = true;
  token.markup = '$$';
  token.content = content;
  token.map = [startLine, state.line];
  return true;
}

const MATH_TYPES = new Set(['math_inline', 'math_inline_display', 'math_block']);

function typeset(token: Token): void {
  const formula = renderTex(token.content, token.type !== 'math_inline');
  const html =
    token.type === 'math_inline'
      ? formula
      : token.type === 'math_inline_display'
        ? `<span class="math-display">${formula}</span>`
        : `<div class="math-display">${formula}</div>\n`;
  token.meta = { html, elements: elementsIn(html) };
}

/**
 * Typesets the first `limits.math` formulas of a document while parsing, so that the element budget
 * knows what each one costs; later formulas become text showing their source.
 */
function typesetRule(state: StateCore): void {
  const env = renderEnvOf(state.env);
  let formulas = 0;
  const visit = (token: Token) => {
    if (!MATH_TYPES.has(token.type)) return;
    if (++formulas <= env.limits.math) {
      typeset(token);
      return;
    }
    env.capped.math++;
    const source = `${token.markup}${token.content}${token.markup}`;
    if (token.type === 'math_block') {
      token.type = 'math_source_block';
      token.content = source;
    } else {
      token.type = 'text';
      token.content = source;
    }
  };
  for (const token of state.tokens) {
    visit(token);
    for (const child of token.children ?? []) visit(child);
  }
}

/** The HTML `typesetRule` made for a math token. */
function typesetHtml(token: Token | undefined): string {
  const meta: unknown = token?.meta;
  if (
    typeof meta === 'object' &&
    meta !== null &&
    'html' in meta &&
    typeof meta.html === 'string'
  ) {
    return meta.html;
  }
  return '';
}

/** Adds the math syntax and its rendering to a markdown-it instance. */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.core.ruler.push('math_typeset', typesetRule);
  md.renderer.rules.math_inline = (tokens, idx) => typesetHtml(tokens[idx]);
  md.renderer.rules.math_inline_display = (tokens, idx) => typesetHtml(tokens[idx]);
  md.renderer.rules.math_block = (tokens, idx) => typesetHtml(tokens[idx]);
  md.renderer.rules.math_source_block = (tokens, idx) =>
    `<p>${escapeHtml(tokens[idx]?.content ?? '')}</p>\n`;
}
