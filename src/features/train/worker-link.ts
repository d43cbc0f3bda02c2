/**
 * The UI's end of the training worker: spawns it, checks every event against the protocol, and
 * replaces the worker when the backend changes (a fresh TF.js is simpler and safer than switching
 * backends under live tensors). Events are handed on in batches about ten times a second: on a
 * fast backend a small model finishes hundreds of epochs a second, and redrawing per epoch, or
 * even per frame, costs the page (and, with software rendering, the GPU process that also trains
 * on webgl) far more than charts that move ten times a second are worth.
 */
import { serializeError } from '../../core/errors';
import {
  parseEvent,
  type BackendChoice,
  type WorkerCommand,
  type WorkerEvent,
} from '../../core/protocol';

export interface WorkerLink {
  /** Starts (or restarts) the worker on a backend. */
  connect(backend: BackendChoice): void;
  send(command: WorkerCommand): void;
}

const UPDATE_INTERVAL_MS = 100;

export function createWorkerLink(onEvents: (events: WorkerEvent[]) => void): WorkerLink {
  let worker: Worker | null = null;
  let backend: BackendChoice | null = null;
  let queue: WorkerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const events = queue;
    queue = [];
    if (events.length) onEvents(events);
  };

  const onEvent = (event: WorkerEvent) => {
    queue.push(event);
    timer ??= setTimeout(flush, UPDATE_INTERVAL_MS);
  };

  return {
    connect(choice) {
      if (worker && choice === backend) return;
      worker?.terminate();
      queue = [];
      backend = choice;
      worker = new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
        type: 'module',
        name: 'train',
      });
      worker.onmessage = (message: MessageEvent<unknown>) => {
        const event = parseEvent(message.data);
        onEvent(event.ok ? event.value : { type: 'error', error: serializeError(event.error) });
      };
      worker.onerror = (error: ErrorEvent) => {
        error.preventDefault();
        onEvent({
          type: 'error',
          error: {
            name: 'WorkerError',
            code: 'worker-crashed',
            message: `The training worker stopped unexpectedly (${error.message || 'no details'}). Reload the page to start it again.`,
          },
        });
      };
      worker.postMessage({ type: 'init', backend: choice } satisfies WorkerCommand);
    },
    send(command) {
      worker?.postMessage(command);
    },
  };
}
