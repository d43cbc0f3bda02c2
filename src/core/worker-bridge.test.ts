/**
 * The bridge over a real transport: the "worker" is the far port of a MessageChannel, so messages
 * are structured-cloned and buffers transferred as between a page and a worker, and a port that
 * closes is a worker that closed itself. The `error` and `messageerror` events a port cannot
 * produce are fired by a small double.
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerLostError } from './errors';
import type { Result } from './result';
import {
  createBridge,
  parseMessage,
  RequestIdSchema as requestId,
  SerializedErrorSchema,
  type BridgeProtocol,
  type RequestFailure,
  type WorkerLike,
  type WorkerLikeEvent,
} from './worker-bridge';

const CommandSchema = v.variant('type', [
  v.object({ type: v.literal('echo'), requestId, text: v.string() }),
  /** Answered after `steps` progress events, `stepMs` apart. */
  v.object({
    type: v.literal('count'),
    requestId,
    steps: v.number(),
    stepMs: v.number(),
  }),
  v.object({ type: v.literal('sum'), requestId, values: v.instance(Float64Array) }),
  /** Never answered. */
  v.object({ type: v.literal('hang'), requestId }),
  /** Answered with the wrong event type. */
  v.object({ type: v.literal('confuse'), requestId }),
  /** Answered with an error. */
  v.object({ type: v.literal('fail'), requestId }),
  v.object({ type: v.literal('cancel'), requestId }),
  v.object({ type: v.literal('ping') }),
]);
type Command = v.InferOutput<typeof CommandSchema>;

const EventSchema = v.variant('type', [
  v.object({ type: v.literal('echoed'), requestId, text: v.string() }),
  v.object({ type: v.literal('counted'), requestId, steps: v.number() }),
  v.object({
    type: v.literal('summed'),
    requestId,
    sum: v.number(),
    values: v.instance(Float64Array),
  }),
  v.object({ type: v.literal('progress'), requestId, step: v.number() }),
  v.object({ type: v.literal('pong') }),
  v.object({
    type: v.literal('error'),
    requestId: v.optional(requestId),
    error: SerializedErrorSchema,
  }),
]);
type Event = v.InferOutput<typeof EventSchema>;

const ANSWERS = {
  echo: 'echoed',
  count: 'counted',
  sum: 'summed',
  hang: 'echoed',
  confuse: 'echoed',
  fail: 'echoed',
} as const;

const parseEvent = (input: unknown) => parseMessage(EventSchema, 'test worker event', input);

const PROTOCOL: BridgeProtocol<Command, Event, typeof ANSWERS> = {
  workerName: 'test worker',
  parseEvent,
  answers: ANSWERS,
  cancel: (id) => ({ type: 'cancel', requestId: id }),
};

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/**
 * A worker at the far end of a MessageChannel: it parses each command and answers as the test
 * protocol says, recording what it received. `close()` ends it as `self.close()` would.
 */
function channelWorker() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const received: Command[] = [];
  const post = (event: unknown, transfer: Transferable[] = []) =>
    port2.postMessage(event, transfer);
  port2.addEventListener('message', (message) => {
    const parsed = parseMessage(CommandSchema, 'test command', message.data);
    if (!parsed.ok) throw parsed.error;
    const command = parsed.value;
    received.push(command);
    switch (command.type) {
      case 'echo':
        return post({ type: 'echoed', requestId: command.requestId, text: command.text });
      case 'count': {
        let step = 0;
        const timer = setInterval(() => {
          if (step < command.steps) {
            post({ type: 'progress', requestId: command.requestId, step: ++step });
            return;
          }
          clearInterval(timer);
          post({ type: 'counted', requestId: command.requestId, steps: step });
        }, command.stepMs);
        return;
      }
      case 'sum': {
        const sum = command.values.reduce((a, b) => a + b, 0);
        const values = command.values;
        return post({ type: 'summed', requestId: command.requestId, sum, values }, [values.buffer]);
      }
      case 'confuse':
        return post({ type: 'counted', requestId: command.requestId, steps: 0 });
      case 'fail':
        return post({
          type: 'error',
          requestId: command.requestId,
          error: { name: 'IntegrityError', code: 'integrity', message: 'Not the promised bytes.' },
        });
      case 'ping':
        return post({ type: 'pong' });
    }
  });
  const sent: { message: unknown; transfer: Transferable[] }[] = [];
  const worker: WorkerLike = {
    postMessage(message, transfer) {
      sent.push({ message, transfer });
      port1.postMessage(message, transfer);
    },
    terminate: () => port1.close(),
    addEventListener: (type, listener) => port1.addEventListener(type, listener),
  };
  return {
    worker,
    received,
    sent,
    /** Sends raw, possibly malformed, data to the page. */
    post,
    close: () => port2.close(),
    /** The beat worker-life.ts's watchLife fires: alive, with nothing to say. */
    beat: () => port1.dispatchEvent(new Event('alive')),
  };
}

type ChannelWorker = ReturnType<typeof channelWorker>;

/** A bridge whose every spawn is a fresh channel worker; `workers` lists them in order. */
function setUp(protocol = PROTOCOL, watchdog: { silenceLimitMs?: number } = {}) {
  const workers: ChannelWorker[] = [];
  const events: Event[] = [];
  const onLost = vi.fn<(error: WorkerLostError) => void>();
  const bridge = createBridge(protocol, {
    spawn() {
      const spawned = channelWorker();
      workers.push(spawned);
      return spawned.worker;
    },
    onEvent: (event) => events.push(event),
    onLost,
    ...watchdog,
  });
  const latest = () => {
    const last = workers.at(-1);
    if (!last) throw new Error('no worker was started');
    return last;
  };
  return { bridge, workers, latest, events, onLost };
}

/** The result, or a test failure when the promise did not settle in time (it must, always). */
async function settled<T>(done: Promise<Result<T, RequestFailure>>, ms = 2000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function failure(done: Promise<Result<unknown, RequestFailure>>): Promise<RequestFailure> {
  const result = await settled(done);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('answers', () => {
  it('settles a request with its answer, typed by the command, and numbers requests', async () => {
    const { bridge, latest } = setUp();
    const first = bridge.request({ type: 'echo', text: 'hello' });
    const second = bridge.request({ type: 'echo', text: 'again' });
    const answer = await settled(first.done);
    expect(answer).toEqual({ ok: true, value: { type: 'echoed', requestId: 1, text: 'hello' } });
    // The answer type follows the command: `text` is there without a narrowing.
    if (answer.ok) expect(answer.value.text).toBe('hello');
    expect(await settled(second.done)).toMatchObject({ ok: true, value: { text: 'again' } });
    expect([first.requestId, second.requestId]).toEqual([1, 2]);
    expect(latest().received).toEqual([
      { type: 'echo', text: 'hello', requestId: 1 },
      { type: 'echo', text: 'again', requestId: 2 },
    ]);
  });

  it('hands progress to onProgress, in order, before the answer', async () => {
    const { bridge } = setUp();
    const steps: number[] = [];
    const job = bridge.request(
      { type: 'count', steps: 3, stepMs: 5 },
      { onProgress: (event) => steps.push(event.step) },
    );
    expect(await settled(job.done)).toMatchObject({ ok: true, value: { steps: 3 } });
    expect(steps).toEqual([1, 2, 3]);
  });

  it("settles with the worker's error as a WorkerError the UI can show", async () => {
    const { bridge } = setUp();
    const error = await failure(bridge.request({ type: 'fail' }).done);
    expect(error).toMatchObject({
      name: 'IntegrityError',
      code: 'integrity',
      message: 'Not the promised bytes.',
    });
    expect(error).toBeInstanceOf(Error);
  });

  it('refuses an answer of the wrong type and keeps the worker', async () => {
    const { bridge, workers, onLost } = setUp();
    const error = await failure(bridge.request({ type: 'confuse' }).done);
    expect(error.code).toBe('protocol');
    expect(error.message).toContain('"counted", not "echoed"');
    expect(await settled(bridge.request({ type: 'echo', text: 'still here' }).done)).toMatchObject({
      ok: true,
    });
    expect(workers).toHaveLength(1);
    expect(onLost).not.toHaveBeenCalled();
  });

  it('sends commands without a requestId as they are, and hands events without one to onEvent', async () => {
    const { bridge, latest, events } = setUp();
    bridge.send({ type: 'ping' });
    await until(() => events.length === 1);
    expect(events).toEqual([{ type: 'pong' }]);
    expect(latest().received).toEqual([{ type: 'ping' }]);
  });

  it('takes a message that is an array as its events, in order', async () => {
    const { bridge, latest, events } = setUp();
    const job = bridge.request({ type: 'hang' });
    await until(() => latest().received.length === 1);
    latest().post([{ type: 'pong' }, { type: 'echoed', requestId: job.requestId, text: 'both' }]);
    expect(await settled(job.done)).toMatchObject({ ok: true, value: { text: 'both' } });
    expect(events).toEqual([{ type: 'pong' }]);
  });

  it('moves the buffers in `transfer` both ways instead of copying them', async () => {
    const { bridge, latest } = setUp();
    const values = new Float64Array([1, 2, 3.5]);
    const job = bridge.request({ type: 'sum', values }, { transfer: [values.buffer] });
    // Transferred away: the page's buffer is detached.
    expect(values.byteLength).toBe(0);
    expect(latest().sent[0]?.transfer).toEqual([values.buffer]);
    const answer = await settled(job.done);
    expect(answer).toMatchObject({ ok: true, value: { sum: 6.5 } });
    if (answer.ok) expect(Array.from(answer.value.values)).toEqual([1, 2, 3.5]);
    expect(latest().sent).toHaveLength(1);
  });

  it('settles a request whose command cannot be cloned, instead of throwing', async () => {
    const { bridge } = setUp();
    const error = await failure(bridge.request({ type: 'echo', text: 'x', extra: () => 1 }).done);
    expect(error.code).toBe('protocol');
    expect(error.message).toMatch(/"echo" could not go to the test worker/);
  });
});

describe('timeouts and aborts', () => {
  it('fails a request that gets no answer in time, and tells the worker to cancel it', async () => {
    const { bridge, latest } = setUp();
    const job = bridge.request({ type: 'hang' }, { timeoutMs: 20 });
    const error = await failure(job.done);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer "hang" within 0\.02 s/);
    await until(() => latest().received.length === 2);
    expect(latest().received[1]).toEqual({ type: 'cancel', requestId: job.requestId });
  });

  it('ignores an answer that comes after the timeout', async () => {
    const { bridge, onLost, events } = setUp();
    const job = bridge.request({ type: 'count', steps: 0, stepMs: 60 }, { timeoutMs: 10 });
    expect((await failure(job.done)).code).toBe('timeout');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onLost).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });

  it('fails an aborted request at once and posts the cancel command for it', async () => {
    const { bridge, latest } = setUp();
    const abort = new AbortController();
    const job = bridge.request({ type: 'hang' }, { signal: abort.signal });
    abort.abort();
    const error = await failure(job.done);
    expect(error.code).toBe('aborted');
    expect(error.message).toBe('Cancelled before the test worker finished.');
    await until(() => latest().received.length === 2);
    expect(latest().received).toEqual([
      { type: 'hang', requestId: job.requestId },
      { type: 'cancel', requestId: job.requestId },
    ]);
  });

  it('sends nothing for a request whose signal was aborted before it was made', async () => {
    const { bridge, workers } = setUp();
    const job = bridge.request({ type: 'echo', text: 'x' }, { signal: AbortSignal.abort() });
    expect((await failure(job.done)).code).toBe('aborted');
    expect(workers).toHaveLength(0);
  });

  it('posts no cancel command when the protocol has none', async () => {
    const { bridge, latest } = setUp({ workerName: 'test worker', parseEvent, answers: ANSWERS });
    const abort = new AbortController();
    const job = bridge.request({ type: 'hang' }, { signal: abort.signal, timeoutMs: 1000 });
    abort.abort();
    expect((await failure(job.done)).code).toBe('aborted');
    bridge.send({ type: 'ping' });
    await until(() => latest().received.length === 2);
    expect(latest().received.map((command) => command.type)).toEqual(['hang', 'ping']);
  });

  it('stops the timer and the abort listener of a request that was answered', async () => {
    const { bridge, latest } = setUp();
    const abort = new AbortController();
    // A timeout an echo meets even on a busy machine (30 ms did not, once, in CI beside 2,600
    // other tests), then a wait past it: no cancel goes out for the answered request.
    const job = bridge.request(
      { type: 'echo', text: 'quick' },
      { signal: abort.signal, timeoutMs: 500 },
    );
    expect(await settled(job.done)).toMatchObject({ ok: true });
    abort.abort();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(latest().received).toHaveLength(1);
  });
});

describe('replace and terminate', () => {
  it('replace() fails waiting requests and starts a fresh worker that answers', async () => {
    const { bridge, workers, onLost } = setUp();
    const waiting = [bridge.request({ type: 'hang' }), bridge.request({ type: 'hang' })];
    const first = workers[0]!;
    bridge.replace();
    for (const job of waiting) {
      expect(await failure(job.done)).toMatchObject({ code: 'worker-lost', reason: 'replaced' });
    }
    expect(workers).toHaveLength(2);
    expect(await settled(bridge.request({ type: 'echo', text: 'new' }).done)).toMatchObject({
      ok: true,
    });
    expect(first.received).toHaveLength(2);
    expect(workers[1]!.received).toEqual([{ type: 'echo', text: 'new', requestId: 3 }]);
    expect(onLost).not.toHaveBeenCalled();
  });

  it('terminate() fails waiting requests; the next message starts a fresh worker', async () => {
    const { bridge, workers } = setUp();
    const job = bridge.request({ type: 'hang' }, { timeoutMs: 1000 });
    bridge.terminate();
    expect(await failure(job.done)).toMatchObject({ code: 'worker-lost', reason: 'terminated' });
    expect(workers).toHaveLength(1);
    expect(await settled(bridge.request({ type: 'echo', text: 'x' }).done)).toMatchObject({
      ok: true,
    });
    expect(workers).toHaveLength(2);
  });
});

describe('a lost worker', () => {
  it('that closed itself fails every waiting request, then tells onLost', async () => {
    const { bridge, latest, onLost } = setUp();
    const waiting = [
      bridge.request({ type: 'hang' }),
      bridge.request({ type: 'count', steps: 100, stepMs: 50 }),
    ];
    await until(() => latest().received.length === 2);
    latest().close();
    const errors = await Promise.all(waiting.map((job) => failure(job.done)));
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'worker-lost', reason: 'closed' });
      expect(error.message).toBe(
        'The test worker stopped unexpectedly. Try again: a fresh one starts.',
      );
    }
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost).toHaveBeenCalledWith(errors[0]);
  });

  it('that sent a malformed message is stopped, and the message goes nowhere', async () => {
    const { bridge, latest, onLost, events } = setUp();
    const job = bridge.request({ type: 'hang' });
    await until(() => latest().received.length === 1);
    latest().post({ type: 'pong', extra: 1 });
    latest().post({ type: 'echoed', requestId: job.requestId });
    const error = await failure(job.done);
    expect(error).toMatchObject({ code: 'worker-lost', reason: 'malformed' });
    expect(error.message).toMatch(/does not follow its protocol \(Malformed test worker event/);
    // The well-formed pong before it was handed on; nothing after the malformed one was.
    expect(events).toEqual([{ type: 'pong' }]);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('that sent a malformed event in an array takes the events before it and none after', async () => {
    const { bridge, latest, onLost, events } = setUp();
    const job = bridge.request({ type: 'hang' });
    await until(() => latest().received.length === 1);
    latest().post([
      { type: 'pong' },
      { type: 'echoed', requestId: job.requestId },
      { type: 'pong' },
    ]);
    expect(await failure(job.done)).toMatchObject({ code: 'worker-lost', reason: 'malformed' });
    expect(events).toEqual([{ type: 'pong' }]);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('is followed by a fresh worker for the next request', async () => {
    const { bridge, workers, latest } = setUp();
    const job = bridge.request({ type: 'hang' });
    await until(() => latest().received.length === 1);
    latest().close();
    await failure(job.done);
    const next = await settled(bridge.request({ type: 'echo', text: 'again' }).done);
    expect(next).toMatchObject({ ok: true, value: { text: 'again' } });
    expect(workers).toHaveLength(2);
  });
});

describe('the watchdog', () => {
  // Wide enough that a loaded machine's late timers do not decide the outcome.
  const LIMIT = 500;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('stops a worker silent past its limit while requests wait, and settles every one', async () => {
    const { bridge, workers, latest, onLost } = setUp(PROTOCOL, { silenceLimitMs: LIMIT });
    const startedAt = Date.now();
    const waiting = [
      bridge.request({ type: 'hang' }),
      bridge.request({ type: 'hang' }, { timeoutMs: 60_000 }),
    ];
    await until(() => latest().received.length === 2);
    const errors = await Promise.all(waiting.map((job) => failure(job.done)));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(LIMIT);
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'worker-lost', reason: 'silent' });
      expect(error.message).toMatch(
        /^The test worker did not respond for \d+ s \(stuck in a step or a task that never ended\) and was stopped\. Try again: a fresh one starts\.$/,
      );
    }
    expect(onLost).toHaveBeenCalledTimes(1);
    const next = await settled(bridge.request({ type: 'echo', text: 'again' }).done);
    expect(next).toMatchObject({ ok: true, value: { text: 'again' } });
    expect(workers).toHaveLength(2);
  });

  it('keeps a worker that beats while it works, however long', async () => {
    const { bridge, latest, onLost } = setUp(PROTOCOL, { silenceLimitMs: LIMIT });
    const abort = new AbortController();
    const job = bridge.request({ type: 'hang' }, { signal: abort.signal });
    await until(() => latest().received.length === 1);
    for (let beat = 0; beat < 10; beat++) {
      await sleep(LIMIT / 5);
      latest().beat();
    }
    abort.abort();
    expect(await failure(job.done)).toMatchObject({ code: 'aborted' });
    expect(onLost).not.toHaveBeenCalled();
  });

  it('lets a worker that owes nothing be silent', async () => {
    const { bridge, latest, onLost } = setUp(PROTOCOL, { silenceLimitMs: LIMIT });
    expect(await settled(bridge.request({ type: 'echo', text: 'a' }).done)).toMatchObject({
      ok: true,
    });
    await sleep(LIMIT * 2);
    expect(onLost).not.toHaveBeenCalled();
    expect(latest().received).toHaveLength(1);
  });

  it('counts silence while a job runs without a request (expectWork), until it ends', async () => {
    const { bridge, onLost } = setUp(PROTOCOL, { silenceLimitMs: LIMIT });
    bridge.send({ type: 'ping' });
    bridge.expectWork(true);
    bridge.expectWork(false);
    await sleep(LIMIT * 2);
    expect(onLost).not.toHaveBeenCalled();
    bridge.expectWork(true);
    await until(() => onLost.mock.calls.length === 1);
    expect(onLost.mock.calls[0]?.[0]).toMatchObject({ reason: 'silent' });
    // The fresh worker runs no job: its silence does not count until it is told it does.
    bridge.send({ type: 'ping' });
    await sleep(LIMIT * 2);
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('grows its limit past a silence the worker came back from', async () => {
    const { bridge, onLost } = setUp(PROTOCOL, { silenceLimitMs: LIMIT });
    // Silent for 0.6 of the limit, then answered: the next silence may be four times that.
    const first = await settled(bridge.request({ type: 'count', steps: 0, stepMs: 300 }).done);
    expect(first).toMatchObject({ ok: true });
    const second = await settled(bridge.request({ type: 'count', steps: 0, stepMs: 800 }).done);
    expect(second).toMatchObject({ ok: true });
    expect(onLost).not.toHaveBeenCalled();
  });

  it('is off without a limit', async () => {
    const { bridge, onLost } = setUp();
    const job = bridge.request({ type: 'count', steps: 0, stepMs: 400 });
    expect(await settled(job.done)).toMatchObject({ ok: true });
    expect(onLost).not.toHaveBeenCalled();
  });
});

/** A worker that only records, for the events a MessagePort cannot fire. */
function doubleWorker() {
  const listeners = new Map<string, ((event: WorkerLikeEvent) => void)[]>();
  const double = {
    posted: [] as unknown[],
    terminated: false,
    fire(type: 'error' | 'messageerror', event: WorkerLikeEvent) {
      for (const listener of listeners.get(type) ?? []) listener(event);
    },
  };
  const worker: WorkerLike = {
    postMessage: (message) => double.posted.push(message),
    terminate: () => {
      double.terminated = true;
    },
    addEventListener(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
  };
  return { worker, double };
}

describe('a crashed worker', () => {
  it.each([
    [
      'error',
      { type: 'error', message: 'Uncaught RangeError: oops' },
      'crashed',
      /failed \(Uncaught RangeError: oops\) and was stopped/,
    ],
    [
      'messageerror',
      { type: 'messageerror' },
      'unreadable',
      /sent a message this page cannot read/,
    ],
  ] as const)(
    'on %s fails every waiting request, terminates the worker and tells onLost',
    async (type, event, reason, message) => {
      const doubles: ReturnType<typeof doubleWorker>[] = [];
      const onLost = vi.fn<(error: WorkerLostError) => void>();
      const bridge = createBridge(PROTOCOL, {
        spawn() {
          const made = doubleWorker();
          doubles.push(made);
          return made.worker;
        },
        onLost,
      });
      const waiting = [
        bridge.request({ type: 'hang' }),
        bridge.request({ type: 'hang' }, { timeoutMs: 5000 }),
      ];
      doubles[0]!.double.fire(type, event);
      for (const job of waiting) {
        const error = await failure(job.done);
        expect(error).toMatchObject({ code: 'worker-lost', reason });
        expect(error.message).toMatch(message);
      }
      expect(doubles[0]!.double.terminated).toBe(true);
      expect(onLost).toHaveBeenCalledTimes(1);
      // A second report from the dead worker is old news.
      doubles[0]!.double.fire(type, event);
      expect(onLost).toHaveBeenCalledTimes(1);
      bridge.send({ type: 'ping' });
      expect(doubles).toHaveLength(2);
      expect(doubles[1]!.double.posted).toEqual([{ type: 'ping' }]);
    },
  );
});

describe('a fatal error', () => {
  const FATAL: BridgeProtocol<Command, Event, typeof ANSWERS> = {
    ...PROTOCOL,
    fatal: (error) => error.code === 'integrity',
  };

  it('goes to its request, then the worker is replaced as if lost', async () => {
    const { bridge, workers, latest, onLost } = setUp(FATAL);
    const other = bridge.request({ type: 'hang' });
    const job = bridge.request({ type: 'fail' });
    expect(await failure(job.done)).toMatchObject({
      code: 'integrity',
      message: 'Not the promised bytes.',
    });
    expect(await failure(other.done)).toMatchObject({ code: 'worker-lost', reason: 'broken' });
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost.mock.calls[0]?.[0].message).toBe(
      'The test worker cannot go on: Not the promised bytes. Try again: a fresh one starts.',
    );
    expect(await settled(bridge.request({ type: 'echo', text: 'b' }).done)).toMatchObject({
      ok: true,
    });
    expect(workers).toHaveLength(2);
    expect(latest()).toBe(workers[1]);
  });

  it('without a request goes to onEvent first', async () => {
    const { bridge, latest, events, onLost } = setUp(FATAL);
    bridge.send({ type: 'ping' });
    const error = { name: 'IntegrityError', code: 'integrity', message: 'Broken.' };
    latest().post({ type: 'error', error });
    await until(() => onLost.mock.calls.length === 1);
    expect(events).toEqual([{ type: 'error', error }]);
  });

  it('is an ordinary error when the protocol does not call it fatal', async () => {
    const { bridge, workers, onLost } = setUp();
    expect(await failure(bridge.request({ type: 'fail' }).done)).toMatchObject({
      code: 'integrity',
    });
    expect(await settled(bridge.request({ type: 'echo', text: 'c' }).done)).toMatchObject({
      ok: true,
    });
    expect(onLost).not.toHaveBeenCalled();
    expect(workers).toHaveLength(1);
  });
});

// The types a caller sees: checked by the compiler, not at run time.
function typeChecks(bridge: ReturnType<typeof setUp>['bridge']) {
  // @ts-expect-error cancel is not a request: the answer map does not list it.
  bridge.request({ type: 'cancel' });
  // @ts-expect-error an unknown command
  bridge.send({ type: 'nope' });
}
void typeChecks;
