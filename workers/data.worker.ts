/** Entry of the data worker: downloads, parsing, decoding and storing datasets, off the main thread. */
import type { DataEvent } from '../src/core/data-protocol';
import { holdLife } from '../src/core/worker-life';
import { createDataController } from './data/controller';
import { workerDb } from './worker-db';

declare const self: DedicatedWorkerGlobalScope;

// So the page hears of it when this worker ends without a word (self.close(), a crash).
holdLife(self, self.navigator.locks);

const controller = createDataController(
  (event: DataEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  workerDb(),
);

self.onmessage = (event: MessageEvent<unknown>) => void controller.handle(event.data);
