/** Time that counts only while a run is active, and a yield that lets queued messages in. */

export class Stopwatch {
  private elapsed = 0;
  private since: number | null = null;

  start(): void {
    this.since ??= performance.now();
  }

  stop(): void {
    if (this.since === null) return;
    this.elapsed += performance.now() - this.since;
    this.since = null;
  }

  /** Active milliseconds so far. */
  read(): number {
    return this.elapsed + (this.since === null ? 0 : performance.now() - this.since);
  }
}

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/** Node's setImmediate; browsers have none. */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/**
 * Resolves after queued tasks (such as a pause command) have run. A MessageChannel message, unlike
 * setTimeout(0), is not clamped to 4 ms when nested, so yielding often costs almost nothing. Node
 * (tests, scripts) yields with setImmediate instead: there a port delivers up to a thousand
 * messages before the event loop moves on, so a loop that yields through one holds every timer,
 * I/O callback and other port's message back for many seconds.
 */
export function yieldToEventLoop(): Promise<void> {
  if (immediate !== undefined) return new Promise((resolve) => void immediate(resolve));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // In Node an open port keeps the process alive; a worker or page does not care.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
