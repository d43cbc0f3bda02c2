/**
 * Request and answer over postMessage, for every worker (training, data, any to come): one bridge
 * per worker, which starts it when first needed, numbers the requests, checks every event against
 * the worker's protocol and settles every request exactly once.
 *
 * The convention a protocol follows (commands and events are objects tagged by `type`):
 * - A command that expects an answer carries `requestId`; `request()` sets it.
 * - An event that carries `requestId` belongs to that request: `type: 'progress'` goes to the
 *   request's `onProgress`; `type: 'error'` (with `error: SerializedError`) settles it as a
 *   failure; any other type settles it as its answer, which must be the type the protocol's
 *   `answers` names for the command (another is a ProtocolError). An event for a request that no
 *   longer waits (it timed out or was aborted) is dropped.
 * - Events without `requestId` (a training run's status, epochs, progress...) go to `onEvent`.
 * - A message may be an array of events (outbox.ts gathers them), taken in order as if each had
 *   come alone.
 *
 * A request's promise never rejects: it settles with a Result on the first of its answer, its
 * error, its timeout, its signal's abort (the protocol's cancel command, when it has one, then goes
 * to the worker, as it does on a timeout), `replace()` or `terminate()`, or the loss of the worker.
 * The worker is lost when it fires `error` (an uncaught error: its state is unknown), `messageerror`
 * or `close` (see worker-life.ts: a worker that closes itself fires nothing on its Worker), when
 * it sends a message its protocol refuses (the two sides no longer agree), or when the watchdog
 * finds it silent, or when it reports an error its protocol calls `fatal`: with `silenceLimitMs`, a worker that owes something (a request waits, or
 * `expectWork(true)` says a job runs) and says nothing, not even the `alive` beat worker-life.ts
 * gives, for that long is stuck. The limit grows to SILENCE_GROWTH times the longest silence the
 * worker came back from, so a job that blocks for long but always comes back is not stopped. The
 * bridge then terminates the worker, fails every waiting request with WorkerLostError, tells
 * `onLost`, and starts a fresh worker for the next message.
 *
 * Buffers in `transfer` are moved, never copied; a command is one postMessage, and the bridge
 * posts nothing of its own but the cancel command.
 */
import * as v from 'valibot';
import {
  type SerializedError,
  ProtocolError,
  RequestAbortedError,
  RequestTimeoutError,
  WorkerError,
  WorkerLostError,
} from './errors';
import { err, ok, type Result } from './result';

/** The watchdog's limit: at least this many times the longest silence the worker came back from. */
export const SILENCE_GROWTH = 4;

/** What the bridge reads of the events its worker fires (a Worker's, a MessagePort's). */
export interface WorkerLikeEvent {
  readonly type: string;
  /** Of `message` events. */
  readonly data?: unknown;
  /** Of `error` events. */
  readonly message?: string;
}

/**
 * A Worker, or anything that talks like one: a MessagePort in tests, a Worker watched by
 * worker-life.ts. `close` and `alive` (a beat: the worker lives and its event loop is free) are
 * fired only by those that can tell.
 */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(
    type: 'message' | 'messageerror' | 'error' | 'close' | 'alive',
    listener: (event: WorkerLikeEvent) => void,
  ): void;
}

export interface BridgeCommand {
  readonly type: string;
}

export interface BridgeEvent {
  readonly type: string;
  readonly requestId?: number;
}

/** The command types that carry a requestId. */
type RequestType<C extends BridgeCommand> = Extract<C, { requestId: number }>['type'];
/** The event types that may answer a request. */
type AnswerType<E extends BridgeEvent> = Exclude<E['type'], 'progress' | 'error'>;

/** For each command type a request may send, the type of the event that answers it. */
export type AnswerMap<C extends BridgeCommand, E extends BridgeEvent> = Partial<
  Record<RequestType<C>, AnswerType<E>>
>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What `request()` takes: a command the answer map lists, without its requestId. */
export type RequestOf<C extends BridgeCommand, A> = DistributiveOmit<
  Extract<C, { type: keyof A; requestId: number }>,
  'requestId'
>;

/** The event that answers a request of command type `T`. */
export type AnswerOf<E extends BridgeEvent, A, T> = T extends keyof A
  ? Extract<E, { type: A[T] }>
  : never;

/** A progress event of a request. */
export type ProgressOf<E extends BridgeEvent> = Extract<E, { type: 'progress'; requestId: number }>;

/** Why a request failed; each has a `code` and a message the UI can show as it is. */
export type RequestFailure =
  WorkerError | WorkerLostError | RequestTimeoutError | RequestAbortedError | ProtocolError;

/** A worker's protocol, as the bridge needs it. */
export interface BridgeProtocol<
  C extends BridgeCommand,
  E extends BridgeEvent,
  A extends AnswerMap<C, E>,
> {
  /** How messages name the worker: "data worker" gives "The data worker stopped...". */
  readonly workerName: string;
  /** Checks an event before anything reads it. */
  readonly parseEvent: (input: unknown) => Result<E, ProtocolError>;
  readonly answers: A;
  /** The command that stops a request's work in the worker, when the protocol has one. */
  readonly cancel?: (requestId: number) => C;
  /**
   * Whether an error the worker reports leaves it unable to go on (its backend broken): the
   * error goes where it belongs (its request, or onEvent), then the worker is replaced as if lost.
   */
  readonly fatal?: (error: SerializedError) => boolean;
}

export interface BridgeOptions<E extends BridgeEvent> {
  /** Starts a worker: on the first message, and after the last one was lost or replaced. */
  readonly spawn: () => WorkerLike;
  /** Events without a requestId. */
  readonly onEvent?: (event: E) => void;
  /** The worker died on its own; every waiting request has already failed with `error`. */
  readonly onLost?: (error: WorkerLostError) => void;
  /** The watchdog's limit on a silence while the worker owes something (see the top); none without. */
  readonly silenceLimitMs?: number;
}

export interface RequestOptions<E extends BridgeEvent> {
  /** Buffers of the command to move to the worker. */
  readonly transfer?: Transferable[];
  /** Fails the request with RequestTimeoutError when no answer came in this time. */
  readonly timeoutMs?: number;
  /** Fails the request with RequestAbortedError when aborted. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressOf<E>) => void;
}

export interface PendingRequest<T> {
  readonly requestId: number;
  /** Settles once, never rejects. */
  readonly done: Promise<Result<T, RequestFailure>>;
}

export interface Bridge<C extends BridgeCommand, E extends BridgeEvent, A extends AnswerMap<C, E>> {
  /** A command that expects no answer. */
  send(command: C, transfer?: Transferable[]): void;
  /** A command that cannot be posted (not cloneable) settles its request with ProtocolError. */
  request<R extends RequestOf<C, A>>(
    command: R,
    options?: RequestOptions<E>,
  ): PendingRequest<AnswerOf<E, A, R['type']>>;
  /** Terminates the worker (its waiting requests fail) and starts a fresh one. */
  replace(): void;
  /** Terminates the worker (its waiting requests fail); the next message starts a fresh one. */
  terminate(): void;
  /**
   * Whether the worker runs a job that answers no request (a training run), so that the watchdog
   * counts its silence as it does while a request waits. A lost or replaced worker runs none.
   */
  expectWork(working: boolean): void;
}

/** An error as it crosses postMessage (errors.ts's SerializedError). */
export const SerializedErrorSchema = v.object({
  name: v.string(),
  code: v.string(),
  message: v.string(),
});

const ErrorEventSchema = v.object({ type: v.literal('error'), error: SerializedErrorSchema });

export const RequestIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The requestId of a message that may be malformed, so a worker can refuse it to its sender. */
export function requestIdOf(message: unknown): number | undefined {
  const read = v.safeParse(v.object({ requestId: RequestIdSchema }), message);
  return read.success ? read.output.requestId : undefined;
}

/** Parses a protocol message; the error names where it is malformed. */
export function parseMessage<T>(
  schema: v.GenericSchema<unknown, T>,
  what: string,
  input: unknown,
): Result<T, ProtocolError> {
  const result = v.safeParse(schema, input);
  if (result.success) return ok(result.output);
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return err(new ProtocolError(`Malformed ${what}${path ? ` at ${path}` : ''}: ${issue.message}`));
}

interface Waiting<E> {
  receive(event: E): void;
  fail(error: RequestFailure): void;
}

export function createBridge<
  C extends BridgeCommand,
  E extends BridgeEvent,
  A extends AnswerMap<C, E>,
>(protocol: BridgeProtocol<C, E, A>, options: BridgeOptions<E>): Bridge<C, E, A> {
  const { workerName } = protocol;
  const waiting = new Map<number, Waiting<E>>();
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const watchdog = {
    working: false,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    /** When the worker last said anything, counted from when it began to owe something. */
    heardAt: 0,
    /** The longest silence this worker came back from while it owed something. */
    longestMs: 0,
  };

  function spawn(): WorkerLike {
    const spawned = options.spawn();
    // Events of a worker that was replaced or lost are late news of a worker no longer asked.
    const current = () => spawned === worker;
    spawned.addEventListener('message', (event) => {
      if (!current()) return;
      heard();
      const events: unknown[] = Array.isArray(event.data) ? event.data : [event.data];
      // A malformed or fatal event loses the worker: what came after it in the message goes nowhere.
      for (const data of events) if (current()) receive(data);
    });
    spawned.addEventListener('alive', () => {
      if (current()) heard();
    });
    spawned.addEventListener('error', (event) => {
      if (!current()) return;
      const detail = event.message ? ` (${event.message})` : '';
      lose('crashed', `The ${workerName} failed${detail} and was stopped.`);
    });
    spawned.addEventListener('messageerror', () => {
      if (current()) lose('unreadable', `The ${workerName} sent a message this page cannot read.`);
    });
    spawned.addEventListener('close', () => {
      if (current()) lose('closed', `The ${workerName} stopped unexpectedly.`);
    });
    return spawned;
  }

  const theWorker = (): WorkerLike => (worker ??= spawn());

  function receive(data: unknown): void {
    const parsed = protocol.parseEvent(data);
    if (!parsed.ok) {
      lose(
        'malformed',
        `The ${workerName} sent a message that does not follow its protocol ` +
          `(${parsed.error.message}), and was stopped.`,
      );
      return;
    }
    const event = parsed.value;
    if (event.requestId === undefined) options.onEvent?.(event);
    else waiting.get(event.requestId)?.receive(event);
    const error = v.safeParse(ErrorEventSchema, event);
    if (error.success && protocol.fatal?.(error.output.error)) {
      lose('broken', `The ${workerName} cannot go on: ${error.output.error.message}`);
    }
  }

  const owing = () => worker !== null && (watchdog.working || waiting.size > 0);
  const silenceLimit = () =>
    Math.max(options.silenceLimitMs ?? Infinity, SILENCE_GROWTH * watchdog.longestMs);

  function heard(): void {
    const now = Date.now();
    if (watchdog.timer !== undefined) {
      watchdog.longestMs = Math.max(watchdog.longestMs, now - watchdog.heardAt);
    }
    watchdog.heardAt = now;
  }

  /** Starts the watchdog when the worker begins to owe something, stops it when it owes nothing. */
  function watch(): void {
    if (options.silenceLimitMs === undefined) return;
    if (!owing()) {
      clearTimeout(watchdog.timer);
      watchdog.timer = undefined;
    } else if (watchdog.timer === undefined) {
      watchdog.heardAt = Date.now();
      watchdog.timer = setTimeout(bark, silenceLimit());
    }
  }

  function bark(): void {
    watchdog.timer = undefined;
    if (!owing()) return;
    const silentMs = Date.now() - watchdog.heardAt;
    const limit = silenceLimit();
    if (silentMs < limit) {
      watchdog.timer = setTimeout(bark, limit - silentMs);
      return;
    }
    lose(
      'silent',
      `The ${workerName} did not respond for ${Math.round(silentMs / 1000)} s ` +
        '(stuck in a step or a task that never ended) and was stopped.',
    );
  }

  /** Terminates the worker and fails every waiting request with `error`. */
  function end(error: WorkerLostError): void {
    const ended = worker;
    worker = null;
    watchdog.working = false;
    watchdog.longestMs = 0;
    watch();
    ended?.terminate();
    for (const request of [...waiting.values()]) request.fail(error);
  }

  function lose(reason: WorkerLostError['reason'], what: string): void {
    const error = new WorkerLostError(`${what} Try again: a fresh one starts.`, reason);
    end(error);
    options.onLost?.(error);
  }

  function cancel(requestId: number): void {
    if (protocol.cancel && worker) worker.postMessage(protocol.cancel(requestId), []);
  }

  function request<R extends RequestOf<C, A>>(
    command: R,
    { transfer = [], timeoutMs, signal, onProgress }: RequestOptions<E> = {},
  ): PendingRequest<AnswerOf<E, A, R['type']>> {
    type Answer = AnswerOf<E, A, R['type']>;
    const requestId = nextId++;
    const answerType = protocol.answers[command.type];
    const isAnswer = (event: E): event is Answer => event.type === answerType;
    const isProgress = (event: E): event is ProgressOf<E> => event.type === 'progress';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settle: (result: Result<Answer, RequestFailure>) => void = () => undefined;
    const done = new Promise<Result<Answer, RequestFailure>>((resolve) => {
      settle = (result) => {
        if (!waiting.delete(requestId)) return;
        watch();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
    });
    const aborted = () =>
      err(new RequestAbortedError(`Cancelled before the ${workerName} finished.`));
    const onAbort = () => {
      settle(aborted());
      cancel(requestId);
    };
    waiting.set(requestId, {
      receive(event) {
        if (isProgress(event)) onProgress?.(event);
        else if (v.is(ErrorEventSchema, event)) settle(err(new WorkerError(event.error)));
        else if (isAnswer(event)) settle(ok(event));
        else {
          const message =
            `The ${workerName} answered "${command.type}" with "${event.type}", ` +
            `not "${String(answerType)}".`;
          settle(err(new ProtocolError(message)));
        }
      },
      fail: (error) => settle(err(error)),
    });
    if (signal?.aborted) {
      settle(aborted());
      return { requestId, done };
    }
    signal?.addEventListener('abort', onAbort);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const message =
          `The ${workerName} did not answer "${command.type}" within ${timeoutMs / 1000} s. ` +
          'Try again; if it keeps happening, reload the page.';
        settle(err(new RequestTimeoutError(message)));
        cancel(requestId);
      }, timeoutMs);
    }
    try {
      theWorker().postMessage({ ...command, requestId }, transfer);
      watch();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      settle(
        err(new ProtocolError(`"${command.type}" could not go to the ${workerName}: ${reason}`)),
      );
    }
    return { requestId, done };
  }

  return {
    send: (command, transfer = []) => theWorker().postMessage(command, transfer),
    request,
    replace() {
      end(
        new WorkerLostError(
          `The ${workerName} was restarted before it answered. Try again.`,
          'replaced',
        ),
      );
      worker = spawn();
    },
    terminate() {
      end(new WorkerLostError(`The ${workerName} was stopped before it answered.`, 'terminated'));
    },
    expectWork(working) {
      watchdog.working = working;
      watch();
    },
  };
}
