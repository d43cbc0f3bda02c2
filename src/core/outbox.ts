/**
 * A worker's outgoing events, gathered into one message. Every message a worker posts is a task on
 * the page's main thread, and on a machine whose cores all train (two cores, wasm on two threads)
 * every task there takes a training thread's core: a small model sends an `epochEnd` for each of
 * hundreds of epochs a second, where the page redraws at most ten times a second. So events that
 * can wait (`canWait`: what a run reports as it goes) are held for up to `holdMs` and go as one
 * array; any other event (an answer, a status, the run's end) goes at once, after those held, in
 * the same message, so the order is kept. The page's bridge (worker-bridge.ts) takes an array as
 * its events in order.
 */

export interface OutboxOptions<E> {
  /** Posts one message: the events, in order, and the buffers they move. */
  send(events: E[], transfer: Transferable[]): void;
  transferablesOf(event: E): readonly Transferable[];
  canWait(event: E): boolean;
  /** The longest an event that can wait is held. */
  holdMs: number;
}

/** Returns the function a worker posts its events with. */
export function createOutbox<E>(options: OutboxOptions<E>): (event: E) => void {
  let held: E[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const events = held;
    held = [];
    // A Set: a buffer listed twice in one transfer list is a DataCloneError.
    const transfer = new Set(events.flatMap((event) => options.transferablesOf(event)));
    options.send(events, [...transfer]);
  };

  return (event) => {
    held.push(event);
    if (!options.canWait(event)) flush();
    else timer ??= setTimeout(flush, options.holdMs);
  };
}
