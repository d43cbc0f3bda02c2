/**
 * The benchmark page: exposes `window.runBench(plan)`, `window.runSpriteBench(plan)` and
 * `window.runSequenceBench(plan)` to
 * scripts/bench.mjs, which run the plan in a fresh worker and resolve with its report (a failed or
 * crashed worker gives a report with an error, never a rejection), and `window.appJob(request)`,
 * which runs the app's job headless in a worker kept between requests (scripts/bench/ui-cost.mjs);
 * `window.runRelabelBench(plan)` comes from ./relabel.
 * Progress lines from the worker go to the console.
 */
import {
  noSpriteReport,
  type AppJobAnswer,
  type AppJobRequest,
  type BackendReport,
  type BenchMessage,
  type BenchPlan,
  type SpriteDecodeReport,
  type SpriteMessage,
  type SpritePlan,
} from './protocol';
import './relabel';
import type { SequenceMessage, SequencePlan, SequenceReport } from './sequences.worker';

declare global {
  interface Window {
    runBench(plan: BenchPlan): Promise<BackendReport>;
    runSpriteBench(plan: SpritePlan): Promise<SpriteDecodeReport>;
    /** The sequence figures on one backend (sequences.worker.ts). */
    runSequenceBench(plan: SequencePlan): Promise<SequenceReport>;
    /** The headless app-job worker (app-job.worker.ts): one request, its answer. */
    appJob(request: AppJobRequest): Promise<AppJobAnswer>;
  }
}

/** Posts `plan` to `worker` and resolves with its report, or with `failed(why)` if it crashes. */
function runInWorker<P, R, M extends BenchMessage | SpriteMessage | SequenceMessage>(
  worker: Worker,
  plan: P,
  failed: (error: string) => R,
): Promise<R> {
  return new Promise((resolve) => {
    const settle = (report: R) => {
      worker.terminate();
      resolve(report);
    };
    worker.onmessage = ({ data }: MessageEvent<M>) => {
      if (data.type === 'log') console.log(data.text);
      else settle(data.report as R);
    };
    worker.onerror = (error: ErrorEvent) => {
      error.preventDefault();
      settle(failed(`the worker crashed: ${error.message || 'no details'}`));
    };
    worker.postMessage(plan);
  });
}

window.runBench = (plan) => {
  // Vite finds a worker only by this literal `new Worker(new URL(...))` form.
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
    type: 'module',
    name: `bench-${plan.backend}`,
  });
  const none = { backend: null, adapter: null, reason: '', workloads: [] };
  return runInWorker<BenchPlan, BackendReport, BenchMessage>(worker, plan, (error) => ({
    requested: plan.backend,
    ...none,
    datasetLoad: null,
    cnn: null,
    error,
  }));
};

window.runSpriteBench = (plan) => {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bench-decode',
  });
  return runInWorker<SpritePlan, SpriteDecodeReport, SpriteMessage>(worker, plan, noSpriteReport);
};

window.runSequenceBench = (plan) => {
  const worker = new Worker(new URL('./sequences.worker.ts', import.meta.url), {
    type: 'module',
    name: `bench-sequences-${plan.backend}`,
  });
  return runInWorker<SequencePlan, SequenceReport, SequenceMessage>(worker, plan, (error) => ({
    requested: plan.backend,
    backend: null,
    reason: '',
    presets: [],
    race: null,
    error,
  }));
};

let appJobWorker: Worker | null = null;

window.appJob = (request) => {
  appJobWorker ??= new Worker(new URL('./app-job.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bench-app-job',
  });
  const worker = appJobWorker;
  return new Promise((resolve) => {
    worker.onmessage = ({ data }: MessageEvent<AppJobAnswer>) => resolve(data);
    worker.onerror = (error: ErrorEvent) => {
      error.preventDefault();
      resolve({ type: 'failed', error: `the worker crashed: ${error.message || 'no details'}` });
    };
    worker.postMessage(request);
  });
};
