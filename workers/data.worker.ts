/** Entry of the data worker: downloads, parsing, decoding and storing datasets, off the main thread. */
import type { DataEvent } from '../src/core/data-protocol';
import { openGradlabDb } from '../src/storage/open';
import { createDataController } from './data/controller';

declare const self: DedicatedWorkerGlobalScope;

let db: ReturnType<typeof openGradlabDb> | null = null;

const controller = createDataController(
  (event: DataEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  () => (db ??= openGradlabDb()),
);

self.onmessage = (event: MessageEvent<unknown>) => void controller.handle(event.data);
