/**
 * The page's end of the data worker: one worker bridge (core/worker-bridge.ts), which starts the
 * worker on the first request, and a fresh one for the next request after it was lost. A job
 * resolves with its final event (saved, csvPreview or sample) or with a failure the UI can show:
 * the error the worker reported, a cancel, or the worker's loss (a crash, or an end without a
 * word, which its life lock reports, or a silence past the watchdog's limit while a job waits),
 * which fails every waiting job at once.
 */
import { DATA_WORKER, type DataCommand, type DataEvent } from '../../core/data-protocol';
import type { Result } from '../../core/result';
import {
  createBridge,
  type AnswerOf,
  type ProgressOf,
  type RequestFailure,
  type RequestOf,
} from '../../core/worker-bridge';
import { lifeLockName, watchLife, WORKER_SILENCE_LIMIT_MS } from '../../core/worker-life';

type Answers = typeof DATA_WORKER.answers;
type Request = RequestOf<DataCommand, Answers>;
type Progress = ProgressOf<DataEvent>;

export type AnswerTo<R extends Request['type']> = AnswerOf<DataEvent, Answers, R>;

export interface DataJob<T> {
  /** The request's id on the wire. */
  id: number;
  done: Promise<Result<T, RequestFailure>>;
  cancel(): void;
}

const bridge = createBridge(DATA_WORKER, {
  spawn() {
    const name = lifeLockName('data');
    const worker = new Worker(new URL('../../../workers/data.worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    return watchLife(worker, name, navigator.locks);
  },
  // Only an error without a requestId comes here: the worker refused a command that named no
  // request, which this module never sends.
  onEvent: (event) => console.error('The data worker reported:', event),
  silenceLimitMs: WORKER_SILENCE_LIMIT_MS,
});

export function requestData<R extends Request>(
  request: R,
  onProgress?: (event: Progress) => void,
): DataJob<AnswerTo<R['type']>> {
  const abort = new AbortController();
  const { requestId, done } = bridge.request(request, { signal: abort.signal, onProgress });
  return { id: requestId, done, cancel: () => abort.abort() };
}
