/**
 * Lists and blockquotes nested deeper than MAX_NESTING render as plain text. markdown-it's own
 * `maxNesting` drops everything past its depth without a word; this rule, tried before any other
 * block rule, keeps that text (shown as it was typed) and says so through `env.capped`. Each
 * level re-reads its lines once, so a capped depth keeps parsing linear.
 */
import type MarkdownIt from 'markdown-it';
import type { StateBlock } from 'markdown-it';
import { escapeHtml } from './escape';
import { MAX_NESTING } from './limits';
import { renderEnvOf } from './render-env';

function nestingCap(state: StateBlock, startLine: number, endLine: number, silent: boolean) {
  if (silent || state.level < MAX_NESTING) return false;
  const token = state.push('nesting_capped', 'p', 0);
  token.block = true;
  token.content = state.getLines(startLine, endLine, state.blkIndent, false);
  token.map = [startLine, endLine];
  state.line = endLine;
  renderEnvOf(state.env).capped.nesting = true;
  return true;
}

export function nestingCapPlugin(md: MarkdownIt): void {
  // A list adds two levels (the list and its item) before its content is parsed: markdown-it's
  // own cut must lie beyond any level this rule sees.
  Object.assign(md.options, { maxNesting: MAX_NESTING + 4 });
  md.block.ruler.before('table', 'nesting_cap', nestingCap);
  md.renderer.rules.nesting_capped = (tokens, idx) =>
    `<p class="markdown-plain">${escapeHtml(tokens[idx]?.content ?? '')}</p>\n`;
}
