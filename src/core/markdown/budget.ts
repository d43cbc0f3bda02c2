/**
 * The element budget of one rendered text: a core rule, run last, that counts the elements the
 * tokens will render and, when there are more than `limits.elements`, keeps the tokens up to
 * that many and closes every tag they left open, so the HTML stays well formed. One pass over the
 * tokens to count, at most one more to cut.
 */
import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { renderEnvOf } from './render-env';

type TokenClass = StateCore['Token'];

/** Elements one token renders (an inline token: its children's). */
export function elementsOf(token: Token): number {
  if (token.type === 'inline') {
    let elements = 0;
    for (const child of token.children ?? []) elements += elementsOf(child);
    return elements;
  }
  if (token.hidden || token.nesting === -1) return 0;
  if (token.nesting === 1) return 1;
  const meta: unknown = token.meta;
  if (typeof meta === 'object' && meta !== null && 'elements' in meta) {
    return typeof meta.elements === 'number' ? meta.elements : 0;
  }
  switch (token.type) {
    case 'fence':
    case 'code_block':
      return 2; // <pre><code>
    case 'text':
    case 'softbreak':
    case 'html_inline':
      return 0;
    case 'html_block':
      return 1;
    default:
      return token.tag === '' ? 0 : 1;
  }
}

function closing(open: Token, Token: TokenClass): Token {
  const close = new Token(open.type.replace(/_open$/, '_close'), open.tag, -1);
  close.markup = open.markup;
  close.block = open.block;
  close.hidden = open.hidden;
  close.level = open.level;
  return close;
}

/** The first tokens that render at most `budget` elements, with the tags they open closed. */
export function cutTokens(tokens: Token[], budget: number, Token: TokenClass): Token[] {
  const kept: Token[] = [];
  const open: Token[] = [];
  let used = 0;
  for (const token of tokens) {
    const cost = elementsOf(token);
    if (used + cost > budget) {
      if (token.type === 'inline' && token.children) {
        const partial = new Token('inline', '', 0);
        partial.children = cutTokens(token.children, budget - used, Token);
        partial.content = token.content;
        partial.level = token.level;
        kept.push(partial);
      }
      break;
    }
    used += cost;
    kept.push(token);
    if (token.nesting === 1) open.push(token);
    else if (token.nesting === -1) open.pop();
  }
  for (let at = open.length - 1; at >= 0; at--) {
    const unclosed = open[at];
    if (unclosed) kept.push(closing(unclosed, Token));
  }
  return kept;
}

export function elementBudgetPlugin(md: MarkdownIt): void {
  md.core.ruler.push('element_budget', (state) => {
    const env = renderEnvOf(state.env);
    let elements = 0;
    for (const token of state.tokens) elements += elementsOf(token);
    if (elements <= env.limits.elements) return;
    env.capped.elements = elements;
    state.tokens = cutTokens(state.tokens, env.limits.elements, state.Token);
  });
}
