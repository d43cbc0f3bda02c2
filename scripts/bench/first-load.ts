/**
 * The bench's first-load section: the home page and the playground of the built app, each loaded
 * cold ROUNDS times in headless Chromium with Lighthouse's default mobile throttling applied, not
 * simulated: its `mobileSlow4G` profile through CDP's Network.emulateNetworkConditions and
 * Emulation.setCPUThrottlingRate, as Lighthouse's `devtools` throttling method sends them, on its
 * Moto G Power screen and user agent. Each run is a fresh browser context (empty HTTP cache, no
 * storage) with service workers blocked: the app registers its worker after the load event and
 * precaches the whole build from another target, which this throttling does not slow, so letting
 * it run would only add traffic the figures cannot place. A load is over as Lighthouse's gatherer
 * decides with its default settings: the load event, then pauseAfterLoadMs, then
 * networkQuietThresholdMs without a request of the page or its workers in flight and
 * cpuQuietThresholdMs without a long task. Nothing is clicked, so what loads is what loads before
 * the first interaction.
 *
 * Figures: first contentful paint, largest contentful paint and the long tasks (PerformanceObserver,
 * from the document's start), total blocking time from them, and the bytes of every file the page
 * and its workers fetched from Resource Timing (`encodedBodySize`: the body as transferred, gzipped
 * where `vite preview` gzips it). Builds nothing: it measures the dist/ served at the URL it is given
 * (bench.mjs serves it with `vite preview` and the repo's vite.config.ts, as `npm start` does).
 */
import { chromium, type Browser, type Page, type Worker } from '@playwright/test';
import {
  defaultSettings,
  screenEmulationMetrics,
  throttling,
  userAgents,
} from 'lighthouse/core/config/constants.js';
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js';
import lighthousePackage from 'lighthouse/package.json' with { type: 'json' };
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import { chromiumExecutablePath } from '../chromium.mjs';
import {
  FIRST_LOAD_TARGETS,
  byteTotals,
  fetchedFiles,
  medianRun,
  networkConditions,
  totalBlockingTime,
  type FirstLoadConditions,
  type FirstLoadPage,
  type FirstLoadReport,
  type FirstLoadRun,
} from './first-load-metrics';

export { firstLoadTable } from './first-load-metrics';

export const FIRST_LOAD_PAGES = ['#/', '#/playground'];
export const FIRST_LOAD_ROUNDS = 5;

const PROFILE = throttling.mobileSlow4G;
const SCREEN = screenEmulationMetrics.mobile;
/** Lighthouse's defaults that decide when a load is over (core/config/constants.js). */
const WAITS = v.parse(
  v.object({
    pauseAfterLoadMs: v.number(),
    networkQuietThresholdMs: v.number(),
    cpuQuietThresholdMs: v.number(),
    maxWaitForLoad: v.number(),
  }),
  defaultSettings,
);
const POLL_MS = 100;
/** A worker that does not answer a question about its own timeline within this fails the run. */
const WORKER_ANSWER_MS = 10_000;

/** The throttling and waits, the same for every run; the browser and machine are added per report. */
const THROTTLING = {
  lighthouseVersion: lighthousePackage.version,
  network: networkConditions(PROFILE),
  cpuSlowdown: PROFILE.cpuSlowdownMultiplier,
  screen: {
    width: SCREEN.width,
    height: SCREEN.height,
    deviceScaleFactor: SCREEN.deviceScaleFactor,
  },
  quiet: {
    pauseAfterLoadMs: WAITS.pauseAfterLoadMs,
    networkQuietMs: WAITS.networkQuietThresholdMs,
    cpuQuietMs: WAITS.cpuQuietThresholdMs,
  },
} satisfies Omit<FirstLoadConditions, 'chromium' | 'machine'>;

/** Where the init script keeps what the page's observers saw. */
const STATE_KEY = '__gradlabFirstLoad';

const PageStateSchema = v.object({
  fcpMs: v.nullable(v.number()),
  lcpMs: v.nullable(v.number()),
  lcpElement: v.nullable(v.string()),
  longTasks: v.array(v.object({ startMs: v.number(), durationMs: v.number() })),
});
type PageState = v.InferOutput<typeof PageStateSchema>;

const ProbeSchema = v.object({
  now: v.number(),
  loadMs: v.number(),
  state: PageStateSchema,
});

const TimelineSchema = v.object({
  timeOrigin: v.number(),
  entries: v.array(
    v.object({
      url: v.string(),
      contentType: v.string(),
      transferSize: v.number(),
      encodedBodySize: v.number(),
      responseEndMs: v.number(),
    }),
  ),
});

/**
 * Runs in the page before its own scripts (an init script: self-contained, and without named inner
 * functions, which tsx would wrap in a helper the page lacks). The observers are buffered, so they
 * also see what happened before they were made.
 */
function observeLoad(key: string): void {
  const state: PageState = { fcpMs: null, lcpMs: null, lcpElement: null, longTasks: [] };
  Object.defineProperty(window, key, { value: state });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') state.fcpMs = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!(entry instanceof LargestContentfulPaint)) continue;
      const element = entry.element;
      const id = element?.getAttribute('data-testid');
      const text = (element?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      state.lcpMs = entry.startTime;
      state.lcpElement = entry.url
        ? `image ${entry.url}`
        : element
          ? `${element.tagName.toLowerCase()}${id ? `[${id}]` : ''}${text ? ` "${text}"` : ''}`
          : 'an element since removed';
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** Runs in the page or a worker: its navigation and resource entries. */
function timeline() {
  const entries = performance
    .getEntries()
    .filter((entry) => entry instanceof PerformanceResourceTiming)
    .map((entry) => {
      const type: unknown = Reflect.get(entry, 'contentType');
      return {
        url: entry.name,
        contentType: typeof type === 'string' ? type : '',
        transferSize: entry.transferSize,
        encodedBodySize: entry.encodedBodySize,
        responseEndMs: entry.responseEnd,
      };
    });
  return { timeOrigin: performance.timeOrigin, entries };
}

/** Requests of the page and its workers in flight, and since when none has started or ended. */
function watchNetwork(page: Page): () => number {
  let inFlight = 0;
  let lastChange = Date.now();
  const change = (by: number) => () => {
    inFlight += by;
    lastChange = Date.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
  return () => (inFlight > 0 ? 0 : Date.now() - lastChange);
}

async function probe(page: Page) {
  const raw: unknown = await page.evaluate((key) => {
    const navigation = performance.getEntriesByType('navigation')[0];
    return {
      now: performance.now(),
      loadMs: navigation instanceof PerformanceNavigationTiming ? navigation.loadEventEnd : 0,
      state: Reflect.get(window, key),
    };
  }, STATE_KEY);
  return v.parse(ProbeSchema, raw);
}

/** Polls until the load is over (see the module's comment) or Lighthouse's maxWaitForLoad. */
async function untilQuiet(page: Page, networkQuietFor: () => number) {
  for (;;) {
    const seen = await probe(page);
    const lastTaskEnd = Math.max(0, ...seen.state.longTasks.map((t) => t.startMs + t.durationMs));
    const quiet =
      seen.loadMs > 0 &&
      seen.now - seen.loadMs >= WAITS.pauseAfterLoadMs &&
      networkQuietFor() >= WAITS.networkQuietThresholdMs &&
      seen.now - lastTaskEnd >= WAITS.cpuQuietThresholdMs;
    if (quiet || seen.now >= WAITS.maxWaitForLoad) return { ...seen, quiet };
    await sleep(POLL_MS);
  }
}

async function workerTimeline(worker: Worker) {
  const answer = worker.evaluate(timeline);
  const late = sleep(WORKER_ANSWER_MS).then(() => {
    throw new Error(`the worker ${worker.url()} did not answer in ${WORKER_ANSWER_MS} ms`);
  });
  return { url: worker.url(), ...v.parse(TimelineSchema, await Promise.race([answer, late])) };
}

/**
 * Lighthouse's benchmark index of the machine now (its own page function, unthrottled, in a blank
 * page of browser), the figure it checks before trusting its 4x CPU throttling.
 */
async function benchmarkIndex(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  try {
    return v.parse(v.number(), await page.evaluate(pageFunctions.computeBenchmarkIndex));
  } finally {
    await page.close();
  }
}

/** One cold load of url in a fresh context of browser. */
async function loadOnce(browser: Browser, appUrl: string, url: string): Promise<FirstLoadRun> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: SCREEN.width, height: SCREEN.height },
    deviceScaleFactor: SCREEN.deviceScaleFactor,
    isMobile: SCREEN.mobile,
    hasTouch: SCREEN.mobile,
    userAgent: userAgents.mobile,
  });
  try {
    await context.addInitScript(observeLoad, STATE_KEY);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLING.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING.cpuSlowdown });
    const workers: Worker[] = [];
    page.on('worker', (worker) => workers.push(worker));
    const networkQuietFor = watchNetwork(page);
    await page.goto(url, { waitUntil: 'load', timeout: WAITS.maxWaitForLoad });
    const end = await untilQuiet(page, networkQuietFor);
    const pageTimeline = v.parse(TimelineSchema, await page.evaluate(timeline));
    // The threaded wasm build's pool threads run from blob: URLs, fetch nothing of their own and
    // wait in Atomics.wait, so they cannot answer; the app's workers have URLs of their own.
    const appWorkers = workers.filter((worker) => !worker.url().startsWith('blob:'));
    const workerTimelines = await Promise.all(appWorkers.map(workerTimeline));
    const files = fetchedFiles(appUrl, pageTimeline, workerTimelines);
    const { fcpMs, lcpMs, lcpElement, longTasks } = end.state;
    return {
      fcpMs,
      lcpMs,
      lcpElement,
      tbtMs: totalBlockingTime(longTasks, fcpMs ?? 0, end.now),
      longTasks,
      loadMs: end.loadMs,
      endMs: end.now,
      quiet: end.quiet,
      files,
      bytes: byteTotals(files),
    };
  } finally {
    await context.close();
  }
}

/**
 * Each page of the app at appUrl, `rounds` cold loads, in one headless Chromium launched without
 * the e2e suite's software-WebGPU flags (they add main-thread work a phone would not have). Never
 * throws: a page that fails carries its error.
 */
export async function measureFirstLoad(
  appUrl: string,
  { pages = FIRST_LOAD_PAGES, rounds = FIRST_LOAD_ROUNDS } = {},
): Promise<FirstLoadReport> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: ['--no-sandbox'],
  });
  const conditions: FirstLoadConditions = {
    ...THROTTLING,
    chromium: browser.version(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      loadAverage: os.loadavg()[0] ?? 0,
      benchmarkIndex: await benchmarkIndex(browser),
    },
  };
  const results: FirstLoadPage[] = [];
  try {
    for (const page of pages) {
      const runs: FirstLoadRun[] = [];
      try {
        for (let round = 0; round < rounds; round++) {
          const run = await loadOnce(browser, appUrl, new URL(page, appUrl).href);
          runs.push(run);
          console.log(
            `  [first-load] ${page} run ${round + 1}: LCP ${run.lcpMs?.toFixed(0) ?? '-'} ms, ` +
              `TBT ${run.tbtMs.toFixed(0)} ms, page JS ${run.bytes.page.js} B` +
              (run.quiet ? '' : ' (still busy)'),
          );
        }
        results.push({ page, runs, median: medianRun(runs), error: null });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`  [first-load] ${page} FAILED: ${message}`);
        results.push({ page, runs, median: medianRun(runs), error: message });
      }
    }
  } finally {
    await browser.close();
  }
  return {
    date: new Date().toISOString(),
    what:
      'cold loads of each page with Lighthouse mobile throttling applied (CDP), until the load ' +
      'is over as Lighthouse decides; medians of each figure',
    bytes:
      'Bytes: Resource Timing encodedBodySize of each file the page and its workers fetched, i.e. ' +
      'the body as transferred (vite preview gzips text, not wasm), headers left out; KB = 1000 B.',
    conditions,
    targets: FIRST_LOAD_TARGETS,
    rounds,
    pages: results,
  };
}
