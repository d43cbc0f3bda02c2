/**
 * Tells the page that a worker is gone, however it went. A worker that calls `self.close()` (or
 * that a debugger or a test closes) fires no event on its Worker, so the page would wait for its
 * answers forever. So the worker holds a Web Lock for as long as it lives: the browser releases it
 * when the worker's context ends, and the page, queued for the same lock, is granted it then.
 *
 * The page names the lock (`lifeLockName`) and passes the name as the Worker's `name`; the worker
 * (`holdLife`) takes the lock and posts LIFE_HELD, and only then does the page (`watchLife`) queue
 * for it, since a page that asked first would be granted it at once. `watchLife` keeps LIFE_HELD
 * from the worker's protocol and fires `close` when the lock comes free. Without the Web Locks API
 * (an insecure context) neither side does anything.
 */
import * as v from 'valibot';
import type { WorkerLike, WorkerLikeEvent } from './worker-bridge';

/** The part of a LockManager this needs. */
export interface LocksLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown>;
}

const PREFIX = 'gradlab-life:';
const LifeHeldSchema = v.object({ type: v.literal('gradlab/life-held') });
const LIFE_HELD: v.InferOutput<typeof LifeHeldSchema> = { type: 'gradlab/life-held' };

/** A lock name unique to one worker: `label` says which kind, for the browser's tools. */
export function lifeLockName(label: string): string {
  return `${PREFIX}${label}:${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The worker's side: holds the lock its name gives until the worker ends. A worker started
 * without a life lock name (by a test, a benchmark) does nothing.
 */
export function holdLife(
  scope: { readonly name: string; postMessage(message: unknown): void },
  locks: LocksLike | undefined,
): void {
  if (!locks || !scope.name.startsWith(PREFIX)) return;
  void locks.request(scope.name, {}, () => {
    scope.postMessage(LIFE_HELD);
    return new Promise<never>(() => undefined);
  });
}

/** The page's side: `worker`, which also fires `close` when the worker holding `name` is gone. */
export function watchLife(
  worker: WorkerLike,
  name: string,
  locks: LocksLike | undefined,
): WorkerLike {
  if (!locks) return worker;
  const stop = new AbortController();
  const closeListeners: ((event: WorkerLikeEvent) => void)[] = [];
  worker.addEventListener('message', (event) => {
    if (!v.is(LifeHeldSchema, event.data)) return;
    locks
      .request(name, { signal: stop.signal }, () => {
        if (stop.signal.aborted) return;
        for (const listener of closeListeners) listener({ type: 'close' });
      })
      // Aborted by terminate(): the page ended the worker and needs no telling.
      .catch(() => undefined);
  });
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    terminate() {
      stop.abort();
      worker.terminate();
    },
    addEventListener(type, listener) {
      if (type === 'close') closeListeners.push(listener);
      if (type !== 'message') worker.addEventListener(type, listener);
      else {
        worker.addEventListener('message', (event) => {
          if (!v.is(LifeHeldSchema, event.data)) listener(event);
        });
      }
    },
  };
}
