import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutbox } from './outbox';

interface Note {
  type: 'tick' | 'answer';
  n: number;
  buffer?: ArrayBuffer;
}

function setUp() {
  const messages: { events: Note[]; transfer: Transferable[] }[] = [];
  const post = createOutbox<Note>({
    send: (events, transfer) => messages.push({ events, transfer }),
    transferablesOf: (note) => (note.buffer ? [note.buffer] : []),
    canWait: (note) => note.type === 'tick',
    holdMs: 100,
  });
  return { post, messages };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOutbox', () => {
  it('holds events that can wait and sends them as one message after holdMs', () => {
    const { post, messages } = setUp();
    for (let n = 0; n < 5; n++) post({ type: 'tick', n });
    vi.advanceTimersByTime(99);
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(messages.map((m) => m.events.map((e) => e.n))).toEqual([[0, 1, 2, 3, 4]]);
    post({ type: 'tick', n: 5 });
    vi.advanceTimersByTime(100);
    expect(messages.map((m) => m.events.map((e) => e.n))).toEqual([[0, 1, 2, 3, 4], [5]]);
  });

  it('sends an event that cannot wait at once, after those held, in the same message', () => {
    const { post, messages } = setUp();
    post({ type: 'tick', n: 0 });
    post({ type: 'tick', n: 1 });
    post({ type: 'answer', n: 2 });
    expect(messages.map((m) => m.events.map((e) => e.n))).toEqual([[0, 1, 2]]);
    // The held events' timer went with them: nothing is sent twice, nothing empty.
    vi.advanceTimersByTime(1000);
    expect(messages).toHaveLength(1);
    post({ type: 'answer', n: 3 });
    expect(messages.map((m) => m.events.map((e) => e.n))).toEqual([[0, 1, 2], [3]]);
  });

  it("moves every event's buffers with the message, each once", () => {
    const { post, messages } = setUp();
    const a = new ArrayBuffer(8);
    const b = new ArrayBuffer(8);
    post({ type: 'tick', n: 0, buffer: a });
    post({ type: 'tick', n: 1, buffer: a });
    post({ type: 'answer', n: 2, buffer: b });
    expect(messages[0]?.transfer).toEqual([a, b]);
  });
});
