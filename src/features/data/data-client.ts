/**
 * The UI's end of the data worker: one worker for the page, requests matched to their answers by
 * id. A request resolves with its final event (saved, csvPreview or sample) or with the error the
 * worker reported; progress goes to the caller's callback meanwhile.
 */
import type { DataCommand, DataEvent } from '../../core/data-protocol';
import type { SerializedError } from '../../core/errors';
import type { Result } from '../../core/result';

type Final = Exclude<DataEvent, { type: 'progress' } | { type: 'error' }>;
type Progress = Extract<DataEvent, { type: 'progress' }>;
type Request = DistributiveOmit<Exclude<DataCommand, { type: 'cancel' }>, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type AnswerTo<R extends Request['type']> = R extends 'inspectCsv'
  ? Extract<Final, { type: 'csvPreview' }>
  : R extends 'sample'
    ? Extract<Final, { type: 'sample' }>
    : Extract<Final, { type: 'saved' }>;

export interface DataJob<T> {
  id: number;
  done: Promise<Result<T, SerializedError>>;
  cancel(): void;
}

interface Pending {
  resolve(result: Result<Final, SerializedError>): void;
  onProgress?: (event: Progress) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function theWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../../workers/data.worker.ts', import.meta.url), {
    type: 'module',
    name: 'data',
  });
  worker.onmessage = (message: MessageEvent<DataEvent>) => {
    const event = message.data;
    const waiting = pending.get(event.id);
    if (!waiting) return;
    if (event.type === 'progress') {
      waiting.onProgress?.(event);
      return;
    }
    pending.delete(event.id);
    waiting.resolve(
      event.type === 'error' ? { ok: false, error: event.error } : { ok: true, value: event },
    );
  };
  worker.onerror = (event) => {
    const error = {
      name: 'Error',
      code: 'internal',
      message: `The data worker failed: ${event.message}`,
    };
    for (const waiting of pending.values()) waiting.resolve({ ok: false, error });
    pending.clear();
  };
  return worker;
}

export function requestData<R extends Request>(
  request: R,
  onProgress?: (event: Progress) => void,
): DataJob<AnswerTo<R['type']>> {
  const id = nextId++;
  const target = theWorker();
  const done = new Promise<Result<Final, SerializedError>>((resolve) => {
    pending.set(id, { resolve, ...(onProgress ? { onProgress } : {}) });
  });
  target.postMessage({ ...request, id });
  return {
    id,
    done: done as Promise<Result<AnswerTo<R['type']>, SerializedError>>,
    cancel: () => target.postMessage({ type: 'cancel', id }),
  };
}
