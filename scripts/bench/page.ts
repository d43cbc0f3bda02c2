/**
 * The benchmark page: exposes `window.runBench(plan)` to scripts/bench.mjs, which runs the plan in
 * a fresh worker and resolves with its report (a failed or crashed worker gives a report with an
 * error, never a rejection). Progress lines from the worker go to the console.
 */
import type { BackendReport, BenchMessage, BenchPlan } from './protocol';

declare global {
  interface Window {
    runBench(plan: BenchPlan): Promise<BackendReport>;
  }
}

function failed(plan: BenchPlan, error: string): BackendReport {
  const none = { backend: null, adapter: null, reason: '', workloads: [], appJob: null };
  return { requested: plan.backend, ...none, error };
}

window.runBench = (plan) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
      type: 'module',
      name: `bench-${plan.backend}`,
    });
    const settle = (report: BackendReport) => {
      worker.terminate();
      resolve(report);
    };
    worker.onmessage = ({ data }: MessageEvent<BenchMessage>) => {
      if (data.type === 'log') console.log(data.text);
      else settle(data.report);
    };
    worker.onerror = (error: ErrorEvent) => {
      error.preventDefault();
      settle(failed(plan, `the worker crashed: ${error.message || 'no details'}`));
    };
    worker.postMessage(plan);
  });
