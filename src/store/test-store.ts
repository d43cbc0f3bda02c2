/**
 * The whole app state without zustand or a browser, for slice tests: the slices and the store's
 * reactions as the app assembles them, over a training worker that records what is sent to it and
 * answers requests when the test says so. Storage is whatever `openDb` gives (fake-indexeddb).
 */
import { readBundle } from '../core/bundle/read';
import { RequestTimeoutError, type StorageUnavailableError } from '../core/errors';
import type { TRAIN_WORKER, WorkerCommand, WorkerEvent } from '../core/protocol';
import { err, type Result } from '../core/result';
import type {
  AnswerOf,
  PendingRequest,
  RequestFailure,
  RequestOf,
  WorkerLike,
} from '../core/worker-bridge';
import { createAnnotateSlice, type AnnotateDeps } from '../features/annotate/slice';
import { createDataSlice, type DataDeps } from '../features/data/slice';
import { createExperimentSlice } from '../features/experiment/slice';
import { createImportSlice } from '../features/import/slice';
import { createNotebookSlice } from '../features/notebook/slice';
import { createPlaygroundSlice } from '../features/playground/slice';
import { createRunsSlice } from '../features/runs/slice';
import { createSweepsSlice, type SweepsDeps } from '../features/sweeps/slice';
import { createResumeSlice } from '../features/train/resume-slice';
import { createTrainSlice } from '../features/train/slice';
import type { TrainBridge, TrainWorker } from '../features/train/train-worker';
import type { GradlabDb } from '../storage/open';
import type { AppState } from './app-state';
import { react } from './reactions';

type Answers = typeof TRAIN_WORKER.answers;
type Request = RequestOf<WorkerCommand, Answers>;

/** A request the fake worker received; `answer` settles it as the worker's reply would. */
export interface SentRequest {
  command: Request;
  answer(result: Result<WorkerEvent, RequestFailure>): void;
}

export interface TestStoreOptions {
  now?: () => number;
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  data?: DataDeps;
  /** Answers every request at once with this, when set. */
  answer?: (command: Request) => Result<WorkerEvent, RequestFailure>;
  /** The sweeps' training workers (an in-process one: engine/train/test-worker.ts), and more. */
  sweeps?: Partial<SweepsDeps>;
  annotate?: AnnotateDeps;
}

/** Tests that run no sweep start no sweep worker. */
function noSweepWorker(): WorkerLike {
  throw new Error('This test store has no sweep workers: pass `sweeps.spawn`.');
}

export function createTestStore(options: TestStoreOptions = {}) {
  const now = options.now ?? (() => 0);
  const sent: WorkerCommand[] = [];
  const requests: SentRequest[] = [];
  /** Every command's type, sent or asked, in the order the worker would get them. */
  const order: string[] = [];
  const backends: string[] = [];

  const bridge: TrainBridge = {
    send(command) {
      sent.push(command);
      order.push(command.type);
    },
    request<R extends Request>(
      command: R,
      { timeoutMs }: { timeoutMs?: number } = {},
    ): PendingRequest<AnswerOf<WorkerEvent, Answers, R['type']>> {
      type Answer = AnswerOf<WorkerEvent, Answers, R['type']>;
      let settle: (result: Result<Answer, RequestFailure>) => void = () => undefined;
      const done = new Promise<Result<Answer, RequestFailure>>((resolve) => (settle = resolve));
      // The test answers with the event the worker would send; its type is the test's to get right.
      const answer = (result: Result<WorkerEvent, RequestFailure>) =>
        settle(result as Result<Answer, RequestFailure>);
      requests.push({ command, answer });
      order.push(command.type);
      if (options.answer) answer(options.answer(command));
      else if (timeoutMs !== undefined) {
        setTimeout(() => answer(err(new RequestTimeoutError('No answer in the test.'))), timeoutMs);
      }
      return { requestId: requests.length, done };
    },
    replace: () => undefined,
    terminate: () => undefined,
    expectWork: () => undefined,
  };
  const worker: TrainWorker = { bridge, connect: (backend) => void backends.push(backend) };

  let state = {} as AppState;
  const set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => {
    const previous = state;
    state = { ...state, ...(typeof partial === 'function' ? partial(state) : partial) };
    react(state, previous);
  };
  const get = () => state;
  const openDb = options.openDb ? { openDb: options.openDb } : {};
  state = {
    ...createExperimentSlice(now)(set, get),
    ...createDataSlice(options.data)(set, get),
    ...createTrainSlice(worker, now)(set, get),
    ...createResumeSlice()(set, get),
    ...createRunsSlice({ ...openDb, exportTimeoutMs: 50 })(set, get),
    // The worker's reader, run in-process.
    ...createImportSlice({ read: readBundle })(set, get),
    ...createNotebookSlice({ ...openDb, now, autosaveMs: 0 })(set, get),
    ...createPlaygroundSlice({ ...openDb, autosaveMs: 0 })(set, get),
    ...createSweepsSlice({ spawn: noSweepWorker, ...openDb, now, ...options.sweeps })(set, get),
    ...createAnnotateSlice(options.annotate)(set, get),
  };
  void state.prepareDataset(state.editor.experiment.dataset);
  return { get, set, sent, requests, order, backends };
}
