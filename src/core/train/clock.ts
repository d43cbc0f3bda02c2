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

/**
 * Resolves after queued tasks (such as a pause command) have run. A MessageChannel message, unlike
 * setTimeout(0), is not clamped to 4 ms when nested, so yielding often costs almost nothing.
 */
export function yieldToEventLoop(): Promise<void> {
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
