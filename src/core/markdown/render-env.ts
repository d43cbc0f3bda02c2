/** What the markdown-it rules of one render share: the caps in force and what they left out. */
import { MARKDOWN_LIMITS, nothingCapped, type CappedParts, type MarkdownLimits } from './limits';

export interface RenderEnv {
  readonly limits: MarkdownLimits;
  readonly capped: CappedParts;
}

/** The envs made here, so that rules can tell one from whatever env another caller passed. */
const made = new WeakSet<object>();

/** A fresh env for one render under `limits`; pass it to markdown-it's `parse`. */
export function newRenderEnv(limits: MarkdownLimits): RenderEnv {
  const env: RenderEnv = { limits, capped: nothingCapped() };
  made.add(env);
  return env;
}

/**
 * The env of a render as the rules read it. A plugin used on its own (`md.render(text)`) gets the
 * default caps, and what they leave out is not reported.
 */
export function renderEnvOf(env: unknown): RenderEnv {
  return isMadeEnv(env) ? env : newRenderEnv(MARKDOWN_LIMITS);
}

function isMadeEnv(env: unknown): env is RenderEnv {
  return typeof env === 'object' && env !== null && made.has(env);
}
