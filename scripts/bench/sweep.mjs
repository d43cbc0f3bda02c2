/**
 * Sweep throughput (issue 17): a 12-run sweep of the app's default spiral job (100 epochs each;
 * the runs differ only in their seed, so each is the same work) run by the app's sweep on the
 * workers it chooses (on wasm and cpu each trains up to 6 runs at once as one stacked model),
 * against the same runs one after another, on one forced backend (smaller sweeps on the software
 * GPU backends: SWEEP_PLANS). One after another twice: the same sweep on one worker, one run at a
 * time (`?sweepWorkers=1&sweepModels=1`), and the job trained that many times with Train in the
 * playground (its views drawn, wasm on its own threads), as a user without sweeps would. The
 * sweep pages are the app on the Runs page, with the runs list updating as runs land. The three
 * take turns, so a busy spell of the (shared) machine slows all alike.
 * Each page counts its main thread's long tasks (PerformanceObserver `longtask`: over 50 ms)
 * while its sweep runs. Target: the sweep at least 1.5x faster on wasm, no task over 50 ms.
 *
 * With `reload: true` each page is loaded twice first, so the service worker makes it cross-origin
 * isolated as a returning visitor's is, and wasm runs its threaded build.
 */

/* global window, document, navigator, performance, PerformanceObserver -- in page.evaluate */
import os from 'node:os';
import { appRun, openApp as openPlayground } from './ui-cost.mjs';

export const SWEEP_SPEEDUP_TARGET = 1.5;
export const LONG_TASK_MS = 50;

/**
 * Runs and epochs per run by backend: the issue's 12 x 100 on the processor backends; fewer on
 * the software GPU backends of a machine without a GPU (a batch costs them 20 to 60 ms, so 12 x
 * 100 epochs would take 5 to 15 minutes a sweep). Rounds: timed pairs after the warm-up.
 */
export const SWEEP_PLANS = {
  webgpu: { runs: 4, epochs: 10, rounds: 2 },
  webgl: { runs: 4, epochs: 25, rounds: 2 },
  wasm: { runs: 12, epochs: 100, rounds: 3 },
  cpu: { runs: 12, epochs: 100, rounds: 2 },
};

/**
 * The sweep: the default job `runs` times, one run per seed (the seed is what repeat runs vary),
 * each trained for `epochs` (a field of one value).
 */
export function benchPlan({ runs, epochs }) {
  return {
    fields: [
      {
        target: { kind: 'seed' },
        values: { kind: 'list', values: Array.from({ length: runs }, (_, i) => i + 1) },
      },
      { target: { kind: 'config', field: 'epochs' }, values: { kind: 'list', values: [epochs] } },
    ],
    method: { kind: 'grid' },
    maxRuns: runs,
    maxMinutes: null,
    objective: { metric: 'validationLoss', goal: 'min' },
  };
}

/** The app on the Runs page with the sweep hooks, counting long tasks from the start. */
async function openSweeps(browser, { appUrl, backend, workers, models = null, reload }) {
  const page = await browser.newPage();
  const query =
    `?backend=${backend}&testHooks=1${workers ? `&sweepWorkers=${workers}` : ''}` +
    (models ? `&sweepModels=${models}` : '');
  const url = `${appUrl}${query}#/runs`;
  await page.goto(url);
  if (reload) {
    // Once the service worker controls the page, a reload is cross-origin isolated.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: 30_000,
    });
    await page.reload();
  }
  await page.waitForFunction(() => window.gradlabTest?.sweeps !== undefined);
  await page.evaluate((limit) => {
    window.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.duration > limit) {
          window.benchLongTasks.push({ at: entry.startTime, ms: entry.duration });
        }
      }
    }).observe({ type: 'longtask' });
  }, LONG_TASK_MS);
  return page;
}

/** One sweep in `page`: wall time from start to done, the long tasks in between, what ran. */
async function timedSweep(page, name, plan) {
  const started = await page.evaluate(
    async ({ name, plan }) => {
      window.benchParallelism = null;
      const t0 = performance.now();
      const answer = await window.gradlabTest.sweeps.start(name, plan);
      return { ...answer, t0 };
    },
    { name, plan },
  );
  if (started.error) throw new Error(`the sweep did not start: ${started.error}`);
  await page.waitForFunction(
    (id) => {
      // The workers it runs are known from its first epoch until it ends.
      window.benchParallelism = window.gradlabTest.sweeps.parallelism() ?? window.benchParallelism;
      const status = window.gradlabTest.sweeps.record(id)?.status;
      return status === 'done' || status === 'stopped';
    },
    started.id,
    { timeout: 0, polling: 250 },
  );
  return page.evaluate(
    ({ id, t0 }) => {
      const t1 = performance.now();
      const record = window.gradlabTest.sweeps.record(id);
      const tasks = window.benchLongTasks.filter((task) => task.at >= t0 && task.at <= t1);
      return {
        ms: t1 - t0,
        failed: record.trials.filter((t) => t.status !== 'done').length,
        longTasks: tasks.length,
        longestTaskMs: tasks.reduce((max, task) => Math.max(max, task.ms), 0),
        parallelism: window.benchParallelism ?? null,
        backend: document.querySelector('[data-testid="backend.status"]')?.textContent ?? null,
        isolated: window.crossOriginIsolated,
      };
    },
    { id: started.id, t0: started.t0 },
  );
}

const best = (runs) => Math.min(...runs.map((r) => r.ms));

/** The job trained `runs` times with Train in the playground, one after another. */
async function playgroundRuns(page, { runs, epochs }) {
  await page.evaluate(() => {
    window.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.benchLongTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  let ms = 0;
  for (let i = 0; i < runs; i++) ms += await appRun(page, epochs);
  const tasks = await page.evaluate(() => window.benchLongTasks.splice(0));
  return { ms, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks) };
}

/**
 * `rounds` alternating timed sweeps (one after another, then the sweep) on `backend`, after one
 * warm-up round. Throws when a page cannot start or a sweep fails to start.
 */
export async function measureSweep(browser, { appUrl, backend, reload = false }) {
  const size = SWEEP_PLANS[backend];
  const plan = benchPlan(size);
  const pages = [];
  const open = async (opening) => {
    const page = await opening.catch(async (error) => {
      await Promise.all(pages.map((p) => p.close()));
      throw error;
    });
    pages.push(page);
    return page;
  };
  const serial = await open(
    openSweeps(browser, { appUrl, backend, workers: 1, models: 1, reload }),
  );
  const parallel = await open(openSweeps(browser, { appUrl, backend, workers: null, reload }));
  const playground = await open(openPlayground(browser, appUrl, backend));
  // A GPU backend's sweep runs one worker: two on it show what a second would give.
  const gpu = backend === 'webgpu' || backend === 'webgl';
  const two = gpu ? await open(openSweeps(browser, { appUrl, backend, workers: 2, reload })) : null;
  try {
    // Two runs each, so the pages' code, the backend and the caches are warm.
    const warmUp = { ...plan, maxRuns: 2 };
    await timedSweep(serial, 'warm-up', warmUp);
    await timedSweep(parallel, 'warm-up', warmUp);
    if (two) await timedSweep(two, 'warm-up', warmUp);
    const serialRuns = [];
    const parallelRuns = [];
    const playgroundTimes = [];
    const twoRuns = [];
    const load = [];
    for (let i = 0; i < size.rounds; i++) {
      // The 1-minute load average: how busy the rest of the (shared) machine was.
      load.push(Math.round(os.loadavg()[0] * 10) / 10);
      serialRuns.push(await timedSweep(serial, `serial ${i + 1}`, plan));
      parallelRuns.push(await timedSweep(parallel, `sweep ${i + 1}`, plan));
      playgroundTimes.push(await playgroundRuns(playground, size));
      if (two) twoRuns.push(await timedSweep(two, `two workers ${i + 1}`, plan));
    }
    const last = parallelRuns.at(-1);
    return {
      backend,
      isolated: last?.isolated ?? null,
      shown: last?.backend ?? null,
      runs: size.runs,
      epochs: size.epochs,
      workers: last?.parallelism?.workers ?? null,
      modelsPerWorker: last?.parallelism?.modelsPerWorker ?? null,
      reason: last?.parallelism?.reason ?? null,
      serialSeconds: best(serialRuns) / 1000,
      playgroundSeconds: best(playgroundTimes) / 1000,
      sweepSeconds: best(parallelRuns) / 1000,
      twoWorkersSeconds: two ? best(twoRuns) / 1000 : null,
      // Against the faster of the two ways one after another.
      speedup: Math.min(best(serialRuns), best(playgroundTimes)) / best(parallelRuns),
      loadAverage: load,
      roundSpeedups: serialRuns.map(
        (r, i) => Math.min(r.ms, playgroundTimes[i].ms) / parallelRuns[i].ms,
      ),
      serial: serialRuns,
      playground: playgroundTimes,
      sweep: parallelRuns,
      twoWorkers: twoRuns,
      // The sweep's page; the playground's are its own figures (issue 14's UI cost).
      longTasks: Math.max(...parallelRuns.map((r) => r.longTasks)),
      longestTaskMs: Math.max(...parallelRuns.map((r) => r.longestTaskMs)),
      failedRuns: [...serialRuns, ...parallelRuns].reduce((sum, r) => sum + r.failed, 0),
      error: null,
    };
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

const fmtSec = (n) => (n == null || !Number.isFinite(n) ? '-' : n.toFixed(1));
const fmtRatio = (n) => (n == null || !Number.isFinite(n) ? '-' : n.toFixed(2));

/** The table bench.mjs prints: one row per backend, against the targets. */
export function sweepTable(reports) {
  const rows = reports.map((r) => {
    const verdict = r.error
      ? `FAILED: ${r.error}`
      : `${r.speedup >= SWEEP_SPEEDUP_TARGET ? 'faster' : 'slower'}; ` +
        `${r.longestTaskMs > LONG_TASK_MS ? 'long tasks' : 'no long task'}`;
    return [
      r.backend + (r.isolated ? ' (isolated)' : ''),
      r.runs ? `${r.runs} x ${r.epochs}` : '-',
      r.workers == null ? '-' : `${r.workers} x ${r.modelsPerWorker ?? 1}`,
      fmtSec(r.playgroundSeconds),
      fmtSec(r.serialSeconds),
      fmtSec(r.sweepSeconds),
      fmtSec(r.twoWorkersSeconds),
      fmtRatio(r.speedup),
      r.roundSpeedups ? r.roundSpeedups.map(fmtRatio).join(' ') : '-',
      r.loadAverage ? r.loadAverage.join(' ') : '-',
      r.longTasks == null ? '-' : `${r.longTasks} (${Math.round(r.longestTaskMs)} ms)`,
      verdict,
    ];
  });
  return {
    title:
      'A sweep of the default spiral job (runs x epochs) against the same runs one after another' +
      ` (target, 12 x 100 on wasm: ${SWEEP_SPEEDUP_TARGET}x faster, no main-thread task over` +
      ` ${LONG_TASK_MS} ms)`,
    header: [
      'backend',
      'runs',
      'workers x runs',
      'Train x n s',
      '1 worker s',
      'sweep s',
      '2 workers s',
      'speed-up',
      'per round',
      'load',
      'long tasks',
      'verdict',
    ],
    rows,
    notes: [
      'Seconds: the best of the alternating rounds. Train x n: the job trained n times with' +
        ' Train in the playground (views drawn, wasm on its own threads); 1 worker: the sweep on' +
        ' one worker, one run at a time (?sweepWorkers=1&sweepModels=1, one wasm thread); sweep:' +
        ' on the workers it chooses, each training up to "runs" of them at once as one model; 2' +
        ' workers: on two, where it chooses one (the GPU backends).' +
        " Speed-up: against the faster of the two. Load: the machine's 1-minute load average" +
        ' as each round began. Long tasks: on the sweep page (Runs open), the most in one' +
        ' sweep, with the longest of all.',
      ...reports.filter((r) => r.reason).map((r) => `${r.backend}: ${r.reason} (${r.shown})`),
    ],
  };
}
