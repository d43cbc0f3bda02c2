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
 * (an insecure context) there is no lock.
 *
 * A worker that lives but is stuck (an endless loop, a deadlocked thread pool) says nothing at
 * all. So the worker also beats: it posts ALIVE every LIFE_BEAT_MS from its own timer, which runs
 * whenever its event loop is free (a GPU step in flight leaves it free), and `watchLife` turns
 * each beat into an `alive` event. The bridge's watchdog (worker-bridge.ts) counts the silence
 * between them while the worker owes it something.
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
const AliveSchema = v.object({ type: v.literal('gradlab/alive') });
const ALIVE: v.InferOutput<typeof AliveSchema> = { type: 'gradlab/alive' };
const isLifeMessage = (data: unknown) => v.is(LifeHeldSchema, data) || v.is(AliveSchema, data);

/** How often a worker beats; a longer silence means that its event loop is blocked. */
export const LIFE_BEAT_MS = 1000;

/**
 * How long a worker may say nothing, beats included, while it owes an answer or runs a job,
 * before the page stops it and starts a fresh one. Only a blocked event loop is silent, so this
 * is the longest synchronous stretch a legitimate job may take: one training step on the cpu or
 * wasm backend (TF.js runs a step's kernels in one go there; GPU steps run while the loop is free),
 * or the data worker parsing a CSV in one go. The slowest measured: a LeNet-5 step on the cpu
 * backend at batch 1024, 56 s in Node on the shared, loaded 2-core machine; a 25 MB CSV blocks
 * the data worker about 5 s. Twice that, and the watchdog grows its limit past any silence the
 * worker came back from (worker-bridge.ts), so a run whose steps are that slow is not stopped at
 * its second step.
 */
export const WORKER_SILENCE_LIMIT_MS = 120_000;

/** A lock name unique to one worker: `label` says which kind, for the browser's tools. */
export function lifeLockName(label: string): string {
  return `${PREFIX}${label}:${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The worker's side: beats, and holds the lock its name gives until the worker ends. A worker
 * started without a life lock name (by a test, a benchmark) does neither. Returns what stops the
 * beat (for tests: a worker beats as long as it lives).
 */
export function holdLife(
  scope: { readonly name: string; postMessage(message: unknown): void },
  locks: LocksLike | undefined,
): () => void {
  if (!scope.name.startsWith(PREFIX)) return () => undefined;
  const beat = setInterval(() => scope.postMessage(ALIVE), LIFE_BEAT_MS);
  void locks?.request(scope.name, {}, () => {
    scope.postMessage(LIFE_HELD);
    return new Promise<never>(() => undefined);
  });
  return () => clearInterval(beat);
}

/**
 * The page's side: `worker`, which also fires `close` when the worker holding `name` is gone and
 * `alive` at each of its beats, and keeps both messages from its protocol.
 */
export function watchLife(
  worker: WorkerLike,
  name: string,
  locks: LocksLike | undefined,
): WorkerLike {
  const stop = new AbortController();
  const closeListeners: ((event: WorkerLikeEvent) => void)[] = [];
  const aliveListeners: ((event: WorkerLikeEvent) => void)[] = [];
  worker.addEventListener('message', (event) => {
    if (v.is(AliveSchema, event.data)) {
      for (const listener of aliveListeners) listener({ type: 'alive' });
    }
    if (!locks || !v.is(LifeHeldSchema, event.data)) return;
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
      if (type === 'alive') aliveListeners.push(listener);
      else if (type !== 'message') {
        if (type === 'close') closeListeners.push(listener);
        worker.addEventListener(type, listener);
      } else {
        worker.addEventListener('message', (event) => {
          if (!isLifeMessage(event.data)) listener(event);
        });
      }
    },
  };
}
