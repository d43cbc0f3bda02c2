/**
 * The page's end of the training worker: one worker bridge (core/worker-bridge.ts), a fresh worker
 * for each backend chosen (a fresh TF.js is simpler and safer than switching backends under live
 * tensors), and the run's events handed on in batches about ten times a second. On a fast backend
 * a small model finishes hundreds of epochs a second, and redrawing per epoch, or even per frame,
 * costs the page (and, with software rendering, the GPU process that also trains on webgl) far
 * more than charts that move ten times a second are worth.
 *
 * With `?testHooks=1` in the URL it also installs `window.gradlabTest`, which e2e tests use to
 * force what a page cannot cause on its own (a lost GPU context).
 */
import type { WorkerLostError } from '../../core/errors';
import {
  TRAIN_WORKER,
  type BackendChoice,
  type WorkerCommand,
  type WorkerEvent,
} from '../../core/protocol';
import { createBridge, type Bridge } from '../../core/worker-bridge';
import { lifeLockName, watchLife } from '../../core/worker-life';

export type TrainBridge = Bridge<WorkerCommand, WorkerEvent, typeof TRAIN_WORKER.answers>;

export interface TrainWorker {
  readonly bridge: TrainBridge;
  /** Starts a fresh worker on `backend` (the old one, if any, ends and its requests fail). */
  connect(backend: BackendChoice): void;
}

export interface TrainWorkerListeners {
  /** The run's events, in order, in batches. */
  onEvents(events: WorkerEvent[]): void;
  /** The worker died; every request waiting on it has already failed. */
  onLost(error: WorkerLostError): void;
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

const UPDATE_INTERVAL_MS = 100;

export function createTrainWorker(listeners: TrainWorkerListeners): TrainWorker {
  let backend: BackendChoice = 'auto';
  let queue: WorkerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const events = queue;
    queue = [];
    if (events.length) listeners.onEvents(events);
  };

  const bridge: TrainBridge = createBridge(TRAIN_WORKER, {
    spawn() {
      const name = lifeLockName('train');
      const worker = new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
        type: 'module',
        name,
      });
      // Every worker starts on the chosen backend, a fresh one after a loss too.
      worker.postMessage({ type: 'init', backend } satisfies WorkerCommand);
      return watchLife(worker, name, navigator.locks);
    },
    onEvent(event) {
      queue.push(event);
      timer ??= setTimeout(flush, UPDATE_INTERVAL_MS);
    },
    onLost(error) {
      // What the lost worker said before it went still counts; what it would have said is gone.
      flush();
      listeners.onLost(error);
    },
  });

  if (typeof window !== 'undefined') {
    if (new URLSearchParams(window.location.search).get('testHooks') === '1') {
      window.gradlabTest = { loseGpuContext: () => bridge.send({ type: 'loseContext' }) };
    }
  }

  return {
    bridge,
    connect(choice) {
      backend = choice;
      clearTimeout(timer);
      timer = undefined;
      queue = [];
      bridge.replace();
    },
  };
}
