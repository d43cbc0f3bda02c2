/**
 * For Node tests of the page's clients of the training worker (a sweep's pool, its slice): the
 * worker's own controller, in this process. Everything but the thread is real: messages are
 * structured-cloned both ways with their buffers transferred, as postMessage does, the protocol
 * is what the bridge parses, sessions train on TF.js's cpu backend, and checkpoints go to the
 * store the test gives (IndexedDB through fake-indexeddb). Messages travel on timers, not on a
 * MessageChannel: in Node a training loop that yields through one (core/train/clock.ts) keeps
 * other channels' messages waiting for many seconds.
 */
import { loadGenerated } from '../../core/data/load';
import { parseCommand, transferablesOf, type WorkerCommand } from '../../core/protocol';
import type { WorkerLike, WorkerLikeEvent } from '../../core/worker-bridge';
import { activateBackend } from './activate-backend';
import { createController, type CheckpointStore } from './controller';
import { CPU_ONLY } from './test-helpers';

export interface TestTrainWorker extends WorkerLike {
  /** Dies as a crashed worker does: its `error` event fires, and it says nothing more. */
  crash(message: string): void;
  /** The commands it was sent, in order. */
  readonly received: WorkerCommand[];
}

type Listener = (event: WorkerLikeEvent) => void;

export function testTrainWorker(checkpoints?: CheckpointStore): TestTrainWorker {
  let alive = true;
  const received: WorkerCommand[] = [];
  const listeners = { message: [] as Listener[], error: [] as Listener[] };
  const controller = createController(
    (event) => {
      if (!alive) return;
      const data: unknown = structuredClone(event, { transfer: transferablesOf(event) });
      setTimeout(() => {
        if (alive) for (const listener of listeners.message) listener({ type: 'message', data });
      }, 0);
    },
    (requested) => activateBackend(requested, CPU_ONLY),
    loadGenerated,
    checkpoints,
  );

  /** A session cannot be killed in-process: it is stopped, and nothing it says goes out. */
  function die(): void {
    if (!alive) return;
    alive = false;
    void controller.handle({ type: 'stop' });
  }

  return {
    received,
    postMessage(message, transfer) {
      if (!alive) return;
      const data: unknown = structuredClone(message, { transfer });
      const command = parseCommand(data);
      if (command.ok) received.push(command.value);
      setTimeout(() => {
        if (alive) void controller.handle(data);
      }, 0);
    },
    terminate: die,
    addEventListener(type, listener) {
      if (type === 'message' || type === 'error') listeners[type].push(listener);
    },
    crash(message) {
      die();
      for (const listener of listeners.error) listener({ type: 'error', message });
    },
  };
}
