/**
 * What happens when the GPU under a backend is lost (a WebGL context lost, a WebGPU device lost):
 * the worker moves to the next backend that starts and carries on from the run's last checkpoint,
 * or from the start with the same seed when there is none yet. Nothing is read back from the lost
 * context: its values are garbage. This module holds the decisions and the message; the controller
 * carries them out.
 */
import type {
  BackendChoice,
  BackendLostEvent,
  BackendName,
  Emit,
  TrainStatus,
  WorkerEvent,
} from '../protocol';

/** The worker's view of the active GPU backend's health (workers/gpu-loss.ts); none in Node. */
export interface GpuWatch {
  /**
   * Watches the backend just activated; `onLost` is called (at most once) when its context or
   * device is lost. Backends without a GPU (wasm, cpu) are not watched.
   */
  watch(backend: BackendName, onLost: (cause: string) => void): void;
  /** Why the watched context is lost, as soon as it is (before its event arrives); else null. */
  lostCause(): string | null;
  /**
   * After a step failed: the loss's cause if the context or device turns out to be lost (a lost
   * WebGPU device fails its reads before its `lost` promise settles), else null, soon.
   */
  lossAfterError(): Promise<string | null>;
  /** Test hook: loses the watched context (or destroys the device); false when there is none. */
  lose(): boolean;
}

/**
 * Passes a session's events on, but holds them from an error of the run on: on a GPU the error
 * may be the first sign of a lost context. If the GPU turns out lost, the held events are dropped
 * and the loss is handled instead; otherwise they go out in order.
 */
export class SessionRelay {
  private held: WorkerEvent[] | null = null;
  /** The session's status as last passed on: what it was doing as far as the UI knows. */
  lastStatus: TrainStatus = 'idle';

  constructor(
    private readonly emit: Emit,
    /** Resolves true when the GPU was lost (and the loss is being handled); null: never holds. */
    private readonly lostAfterError: (() => Promise<boolean>) | null,
  ) {}

  readonly relay: Emit = (event) => {
    if (this.held) {
      this.held.push(event);
    } else if (event.type === 'error' && event.requestId === undefined && this.lostAfterError) {
      this.held = [event];
      void this.lostAfterError().then((lost) => {
        const held = this.held ?? [];
        this.held = null;
        if (!lost) held.forEach(this.pass);
      });
    } else {
      this.pass(event);
    }
  };

  private readonly pass = (event: WorkerEvent) => {
    if (event.type === 'status') this.lastStatus = event.status;
    this.emit(event);
  };
}

/** What the session was doing when its backend was lost, which decides what comes after. */
export type Activity = 'training' | 'paused' | 'other';

export function activityOf(status: TrainStatus): Activity {
  if (status === 'running') return 'training';
  return status === 'paused' ? 'paused' : 'other';
}

export interface LossReport {
  lost: BackendName;
  /** "WebGL context lost", "WebGPU device lost: ...". */
  cause: string;
  next: BackendName;
  requested: BackendChoice;
  activity: Activity;
  /** The epoch of the checkpoint the run went on from; null when there was none. */
  checkpointEpoch: number | null;
}

/** What the carrying on does, in a sentence for the user. */
function whatWasDone(r: LossReport): string {
  const epoch = r.checkpointEpoch;
  if (r.activity !== 'other') {
    return epoch === null
      ? `It had not saved a checkpoint yet, so training starts again from epoch 1 on ${r.next}, ` +
          'with the same seed.'
      : `Training goes on from epoch ${epoch + 1} on ${r.next}.`;
  }
  return epoch === null
    ? `The model now runs on ${r.next}.`
    : `The model, as saved at epoch ${epoch}, now runs on ${r.next}.`;
}

export function lossMessage(r: LossReport): string {
  const forced =
    r.requested === r.lost
      ? ` ${r.lost} was requested, but it cannot be used again until the page is reloaded.`
      : '';
  return `The GPU stopped responding (${r.cause}). ${whatWasDone(r)}${forced}`;
}

export function backendLostEvent(r: LossReport): BackendLostEvent {
  return {
    type: 'backendLost',
    lost: r.lost,
    next: r.next,
    resumedFromEpoch: r.checkpointEpoch ?? 0,
    message: lossMessage(r),
  };
}
