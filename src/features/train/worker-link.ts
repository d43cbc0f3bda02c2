/**
 * The UI's end of the training worker: spawns it, checks every event against the protocol, and
 * replaces the worker when the backend changes (a fresh TF.js is simpler and safer than switching
 * backends under live tensors). Events are handed on in batches about ten times a second: on a
 * fast backend a small model finishes hundreds of epochs a second, and redrawing per epoch, or
 * even per frame, costs the page (and, with software rendering, the GPU process that also trains
 * on webgl) far more than charts that move ten times a second are worth.
 *
 * With `?testHooks=1` in the URL it also installs `window.gradlabTest`, which e2e tests use to
 * force what a page cannot cause on its own (a lost GPU context).
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
  /** `transfer`: buffers of the command to move to the worker instead of copying them. */
  send(command: WorkerCommand, transfer?: Transferable[]): void;
}

/** Test hooks, present only with `?testHooks=1`. */
export interface GradlabTestHooks {
  /** Loses the training worker's WebGL context (or destroys its WebGPU device). */
  loseGpuContext(): void;
}

declare global {
  interface Window {
    gradlabTest?: GradlabTestHooks;
  }
}

function installTestHooks(link: WorkerLink): void {
  if (typeof window === 'undefined') return;
  if (new URLSearchParams(window.location.search).get('testHooks') !== '1') return;
  window.gradlabTest = { loseGpuContext: () => link.send({ type: 'loseContext' }) };
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

  const link: WorkerLink = {
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
    send(command, transfer = []) {
      worker?.postMessage(command, transfer);
    },
  };
  installTestHooks(link);
  return link;
}
