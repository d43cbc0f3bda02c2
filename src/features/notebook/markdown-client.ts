/**
 * The page's end of the markdown worker. Texts go to the worker one at a time, in the order they
 * were asked for; a text asked again for the same place (a cell being typed in) before its turn
 * replaces the one waiting, so typing never queues a render per keystroke. Recent results are
 * kept, up to a total size, so that going back to a notebook shows it at once.
 */
import { MARKDOWN_WORKER } from '../../core/markdown/protocol';
import type { RenderedMarkdown } from '../../core/markdown/render';
import { ok, type Result } from '../../core/result';
import { createBridge, type RequestFailure } from '../../core/worker-bridge';
import { lifeLockName, watchLife } from '../../core/worker-life';

export type RenderResult = Result<RenderedMarkdown, RequestFailure>;

const bridge = createBridge(MARKDOWN_WORKER, {
  spawn() {
    const name = lifeLockName('markdown');
    const worker = new Worker(new URL('../../../workers/markdown.worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    return watchLife(worker, name, navigator.locks);
  },
  onEvent: (event) => console.error('The markdown worker reported:', event),
});

/** Far above what any text within the caps takes (under a second on a slow phone). */
const TIMEOUT_MS = 20_000;

/** Characters of HTML kept for texts shown before (strings of UTF-16: twice as many bytes). */
const CACHE_CHARS = 8_000_000;
const cache = new Map<string, RenderedMarkdown>();
let cachedChars = 0;

function remember(text: string, rendered: RenderedMarkdown): void {
  cache.delete(text);
  cache.set(text, rendered);
  cachedChars += rendered.html.length;
  for (const [oldest, entry] of cache) {
    if (cachedChars <= CACHE_CHARS) break;
    cache.delete(oldest);
    cachedChars -= entry.html.length;
  }
}

interface Job {
  text: string;
  onResult: (result: RenderResult) => void;
}

/** Jobs waiting their turn, by the place that asked; a Map keeps the order they were asked in. */
const waiting = new Map<object, Job>();
let busy = false;

async function rendered(text: string): Promise<RenderResult> {
  const hit = cache.get(text);
  if (hit) return ok(hit);
  const answer = await bridge.request({ type: 'render', text }, { timeoutMs: TIMEOUT_MS }).done;
  if (!answer.ok) {
    // A worker stuck on one text would hold every later one: the next starts a fresh worker.
    if (answer.error.code === 'timeout') bridge.replace();
    return answer;
  }
  const { html, chunkEnds, elements, notes } = answer.value;
  const result = { html, chunkEnds, elements, notes };
  remember(text, result);
  return ok(result);
}

async function work(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
    const [place, job] = next.value;
    waiting.delete(place);
    job.onResult(await rendered(job.text));
  }
  busy = false;
}

/**
 * Renders `text` in the worker for `place` (any object standing for where it will show): the
 * result comes to `onResult`, at once when cached. A later call for the same place before this
 * one's turn replaces it, and this `onResult` is never called.
 */
export function renderMarkdownOffPage(
  place: object,
  text: string,
  onResult: (result: RenderResult) => void,
): void {
  const hit = cache.get(text);
  waiting.delete(place);
  if (hit) {
    onResult(ok(hit));
    return;
  }
  waiting.set(place, { text, onResult });
  void work();
}

/** Forgets what `place` asked for and has not yet been rendered. */
export function cancelMarkdownRender(place: object): void {
  waiting.delete(place);
}

/** Renders `text` in the worker, in its turn after the texts asked for before. */
export function renderMarkdownInWorker(text: string): Promise<RenderResult> {
  return new Promise((resolve) => renderMarkdownOffPage({}, text, resolve));
}
