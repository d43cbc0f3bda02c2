/**
 * For tests: the page's bridge with DATA_WORKER on one port of a MessageChannel and the worker's
 * controller on the other, fake-indexeddb (imported by the test) behind it, so what crosses is
 * cloned and transferred as between a page and a worker, and the page parses every event.
 */
import { DATA_WORKER } from '../../src/core/data-protocol';
import { createBridge, type WorkerLike } from '../../src/core/worker-bridge';
import { openGradlabDb, type GradlabDb } from '../../src/storage/open';
import { createDataController } from './controller';

const ports: MessagePort[] = [];

/** Closes every bridge's ports; for afterEach. */
export function closeBridges(): void {
  for (const port of ports.splice(0)) port.close();
}

/** A bridge to a data worker of its own, with a database of its own. */
export function dataOverBridge() {
  const name = `data-over-bridge-${crypto.randomUUID()}`;
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const received: unknown[] = [];
  const controller = createDataController(
    (event, transfer = []) => port2.postMessage(event, transfer),
    () => openGradlabDb({ name }),
  );
  port2.addEventListener('message', (message) => {
    received.push(message.data);
    void controller.handle(message.data);
  });
  const worker: WorkerLike = {
    postMessage: (message, transfer) => port1.postMessage(message, transfer),
    terminate: () => port1.close(),
    addEventListener: (type, listener) => port1.addEventListener(type, listener),
  };
  const lost: string[] = [];
  const bridge = createBridge(DATA_WORKER, {
    spawn: () => worker,
    onLost: (error) => lost.push(error.message),
  });
  /** The worker's database, opened as the page would. */
  const db = async (): Promise<GradlabDb> => {
    const opened = await openGradlabDb({ name });
    if (!opened.ok) throw opened.error;
    return opened.value;
  };
  return { bridge, received, lost, db };
}
