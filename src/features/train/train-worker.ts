/**
 * The page's end of the training worker: one worker bridge (core/worker-bridge.ts), a fresh worker
 * for each backend chosen (a fresh TF.js is simpler and safer than switching backends under live
 * tensors), and the run's events handed on in batches. On a fast backend a small model finishes
 * hundreds of epochs a second, and redrawing per epoch, or even per frame, costs the page (and,
 * with software rendering, the GPU process, on the cores that train) far more than it is worth:
 * a batch goes when the last one's frame has been presented and paid for, frame and main thread
 * (core/train/update-pace.ts), at most ten times a second; what answers the user goes at once.
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
import { createBridge, type Bridge, type WorkerLike } from '../../core/worker-bridge';
import type { SweepTestHooks } from '../sweeps/test-hooks';
import { Pacer } from '../../core/train/pacer';
import {
  FrameCosts,
  isWatched,
  UPDATE_PACE,
  whenPresented,
  type FrameHost,
} from '../../core/train/update-pace';
import { lifeLockName, watchLife, WORKER_SILENCE_LIMIT_MS } from '../../core/worker-life';

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
  /** Starts and follows sweeps (features/sweeps/test-hooks.ts). */
  sweeps?: SweepTestHooks;
}

declare global {
  interface Window {
    gradlabTest?: GradlabTestHooks;
  }
}

/** How often a measurement that waits for a frame checks whether the page has been hidden. */
const HIDDEN_CHECK_MS = 1000;

let frameHost: FrameHost | undefined;

/**
 * The page's frames, clock and tasks of its own: messages on one MessageChannel, which run in the
 * order sent and as soon as the thread is free (a zero timeout can be clamped to 4 ms). Made on
 * first use, as an open port would keep a Node test's process alive.
 */
function pageFrameHost(): FrameHost {
  if (frameHost) return frameHost;
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  frameHost = {
    requestFrame: (callback) => requestAnimationFrame(callback),
    afterTask: (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    },
    now: () => performance.now(),
  };
  return frameHost;
}

/**
 * Calls `done` with what the update that began at `startedAt` cost, once the frame it changed
 * has been presented. A hidden page presents no frames: there the update's own time (`ownMs`) is
 * its cost, so that a run in a background tab is still handed on.
 */
function afterFrame(startedAt: number, ownMs: number, done: (costMs: number) => void): void {
  let settled = false;
  let check: ReturnType<typeof setTimeout> | undefined;
  const settle = (costMs: number) => {
    if (settled) return;
    settled = true;
    clearTimeout(check);
    done(costMs);
  };
  const whileVisible = () => {
    if (document.hidden) settle(ownMs);
    else check = setTimeout(whileVisible, HIDDEN_CHECK_MS);
  };
  whileVisible();
  whenPresented(startedAt, pageFrameHost(), settle);
}

/**
 * A fresh training worker, watched for its life (core/worker-life.ts), told `init` first. The one
 * place that names the worker's entry, so the build bundles it once for the playground and sweeps.
 */
export function startTrainWorker(
  label: string,
  init: Extract<WorkerCommand, { type: 'init' }>,
): WorkerLike {
  const name = lifeLockName(label);
  const worker = new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
  worker.postMessage(init);
  return watchLife(worker, name, navigator.locks);
}

export function createTrainWorker(listeners: TrainWorkerListeners): TrainWorker {
  let backend: BackendChoice = 'auto';
  let queue: WorkerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pacer = new Pacer(UPDATE_PACE);
  const frameCosts = new FrameCosts();
  /** Which worker the events are from: a measurement that outlives its worker is dropped. */
  let generation = 0;

  /** Schedules the next batch: at once for what answers the user, else when the pace allows. */
  const schedule = (urgent: boolean) => {
    if (urgent) {
      clearTimeout(timer);
      timer = setTimeout(flush, 0);
      return;
    }
    const wait = pacer.waitFrom(performance.now());
    if (timer === undefined && wait !== Infinity) timer = setTimeout(flush, wait);
  };

  const flush = () => {
    timer = undefined;
    const events = queue;
    queue = [];
    if (!events.length) return;
    const startedAt = performance.now();
    const from = generation;
    pacer.begin();
    listeners.onEvents(events);
    afterFrame(startedAt, performance.now() - startedAt, (cost) => {
      if (from !== generation) return;
      pacer.ran(startedAt, frameCosts.add(cost));
      if (queue.length) schedule(false);
    });
  };

  const bridge: TrainBridge = createBridge(TRAIN_WORKER, {
    // Every worker starts on the chosen backend, a fresh one after a loss too.
    spawn: () => startTrainWorker('train', { type: 'init', backend }),
    onEvent(event) {
      // A running session reports and beats; paused, it owes nothing until told to go on.
      if (event.type === 'status') bridge.expectWork(event.status === 'running');
      queue.push(event);
      schedule(!isWatched(event));
    },
    onLost(error) {
      // What the lost worker said before it went still counts; what it would have said is gone.
      flush();
      listeners.onLost(error);
    },
    silenceLimitMs: WORKER_SILENCE_LIMIT_MS,
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
      generation += 1;
      pacer.reset();
      bridge.replace();
    },
  };
}
