/**
 * The life lock between a page and a worker, over a real MessageChannel. Node has no Web Locks, so
 * a small in-memory lock manager stands in: it grants each name to one holder at a time, in the
 * order asked, and `end(name)` releases the holder's lock as the browser does when the holder's
 * context ends. The e2e suite covers the real one (e2e/data-worker-loss.spec.ts).
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createBridge,
  parseMessage,
  RequestIdSchema as requestId,
  type BridgeProtocol,
  type WorkerLike,
  type WorkerLikeEvent,
} from './worker-bridge';
import { holdLife, LIFE_BEAT_MS, lifeLockName, watchLife, type LocksLike } from './worker-life';

class FakeLocks implements LocksLike {
  private readonly releases = new Map<string, () => void>();
  private readonly queues = new Map<string, (() => void)[]>();

  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown) {
    return new Promise<unknown>((resolve, reject) => {
      const grant = () => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          this.releases.delete(name);
          this.queues.get(name)?.shift()?.();
        };
        this.releases.set(name, release);
        Promise.resolve(callback()).then(resolve).finally(release);
      };
      if (!this.releases.has(name)) return grant();
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, [...queue, grant]);
      options.signal?.addEventListener('abort', () => {
        this.queues.set(
          name,
          (this.queues.get(name) ?? []).filter((g) => g !== grant),
        );
        reject(new Error('AbortError'));
      });
    });
  }

  held(name: string): boolean {
    return this.releases.has(name);
  }

  end(name: string): void {
    this.releases.get(name)?.();
  }
}

const ports: MessagePort[] = [];
const beats: (() => void)[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
  for (const stop of beats.splice(0)) stop();
  vi.useRealTimers();
});

/** A page end and a worker end; the worker answers `echo` and holds its life lock. */
function setUp(name: string, locks: LocksLike | undefined) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  let answering = true;
  port2.addEventListener('message', (message) => {
    const echo = v.safeParse(v.object({ type: v.literal('echo'), requestId }), message.data);
    if (echo.success && answering) {
      port2.postMessage({ type: 'echoed', requestId: echo.output.requestId });
    }
  });
  beats.push(holdLife({ name, postMessage: (message) => port2.postMessage(message) }, locks));
  let terminated = false;
  const port: WorkerLike = {
    postMessage: (message, transfer) => port1.postMessage(message, transfer),
    terminate: () => {
      terminated = true;
    },
    addEventListener: (type, listener) => port1.addEventListener(type, listener),
  };
  return {
    page: watchLife(port, name, locks),
    terminated: () => terminated,
    /** From now on the worker answers nothing, as one that hangs. */
    mute: () => {
      answering = false;
    },
  };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('the life lock', () => {
  it('fires close on the page when the worker is gone, and keeps its handshake to itself', async () => {
    const locks = new FakeLocks();
    const name = lifeLockName('test');
    const { page } = setUp(name, locks);
    const seen: WorkerLikeEvent[] = [];
    page.addEventListener('message', (event) => seen.push(event));
    page.addEventListener('close', (event) => seen.push(event));
    page.postMessage({ type: 'echo', requestId: 1 }, []);
    await until(() => seen.length === 1);
    expect(locks.held(name)).toBe(true);

    locks.end(name);
    await until(() => seen.length === 2);
    expect(seen.map((event) => event.type)).toEqual(['message', 'close']);
    expect(seen[0]?.data).toEqual({ type: 'echoed', requestId: 1 });
  });

  it("fails the bridge's waiting requests when the worker ends without a word", async () => {
    const locks = new FakeLocks();
    const name = lifeLockName('test');
    const EventSchema = v.object({ type: v.literal('echoed'), requestId });
    const protocol: BridgeProtocol<
      { type: 'echo'; requestId: number },
      v.InferOutput<typeof EventSchema>,
      { echo: 'echoed' }
    > = {
      workerName: 'test worker',
      parseEvent: (input) => parseMessage(EventSchema, 'test worker event', input),
      answers: { echo: 'echoed' },
    };
    const worker = setUp(name, locks);
    const bridge = createBridge(protocol, { spawn: () => worker.page });
    expect(await bridge.request({ type: 'echo' }).done).toMatchObject({ ok: true });
    worker.mute();
    const waiting = bridge.request({ type: 'echo' });
    locks.end(name);
    expect(await waiting.done).toMatchObject({
      ok: false,
      error: { code: 'worker-lost', reason: 'closed' },
    });
  });

  it('says nothing when the page itself terminated the worker', async () => {
    const locks = new FakeLocks();
    const name = lifeLockName('test');
    const { page, terminated } = setUp(name, locks);
    const closes: WorkerLikeEvent[] = [];
    page.addEventListener('close', (event) => closes.push(event));
    await until(() => locks.held(name));
    // The page queues for the lock once the handshake arrives.
    await new Promise((resolve) => setTimeout(resolve, 10));
    page.terminate();
    locks.end(name);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(terminated()).toBe(true);
    expect(closes).toEqual([]);
  });

  it('is not taken by a worker started without a life lock name, nor without Web Locks', async () => {
    const locks = new FakeLocks();
    setUp('data', locks);
    const name = lifeLockName('test');
    const { page } = setUp(name, undefined);
    const seen: unknown[] = [];
    page.addEventListener('message', (event) => seen.push(event.data));
    page.postMessage({ type: 'echo', requestId: 3 }, []);
    await until(() => seen.length === 1);
    expect(locks.held('data')).toBe(false);
    expect(locks.held(name)).toBe(false);
    expect(seen).toEqual([{ type: 'echoed', requestId: 3 }]);
  });

  it.each([
    ['with Web Locks', new FakeLocks()],
    ['without', undefined],
  ])(
    'beats every LIFE_BEAT_MS as an alive event, kept from the protocol (%s)',
    async (_, locks) => {
      vi.useFakeTimers({ toFake: ['setInterval'] });
      const { page } = setUp(lifeLockName('test'), locks);
      const seen: string[] = [];
      page.addEventListener('message', (event) =>
        seen.push(`message ${JSON.stringify(event.data)}`),
      );
      page.addEventListener('alive', (event) => seen.push(event.type));
      vi.advanceTimersByTime(LIFE_BEAT_MS * 3);
      await until(() => seen.length === 3);
      page.postMessage({ type: 'echo', requestId: 4 }, []);
      await until(() => seen.length === 4);
      expect(seen).toEqual(['alive', 'alive', 'alive', 'message {"type":"echoed","requestId":4}']);
    },
  );

  it('does not beat in a worker started without a life lock name', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const { page } = setUp('bench', undefined);
    const seen: string[] = [];
    page.addEventListener('alive', (event) => seen.push(event.type));
    vi.advanceTimersByTime(LIFE_BEAT_MS * 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
  });
});
