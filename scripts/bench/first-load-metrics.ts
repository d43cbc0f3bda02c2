/**
 * The figures of the bench's first-load section (scripts/bench/first-load.ts), computed from what
 * the browser recorded: the network conditions Lighthouse applies for a throttling profile, total
 * blocking time from long tasks, the bytes a page and its workers fetched, the medians of several
 * runs and the table against the targets.
 */
import { median } from './stats';

/** The targets for the home page and the playground ("Performance to reach"). */
export const FIRST_LOAD_TARGETS = {
  /** The page's JavaScript before the first interaction, gzipped, at most (as check:build's). */
  pageJsBytes: 200_000,
  /** Largest contentful paint, under. */
  lcpMs: 2500,
  /** Total blocking time, under. */
  tbtMs: 200,
};

/** The parts of a Lighthouse throttling profile (lantern's `Constants.throttling`) DevTools applies. */
export interface ThrottlingProfile {
  requestLatencyMs: number;
  downloadThroughputKbps: number;
  uploadThroughputKbps: number;
}

/** The parameters of CDP's `Network.emulateNetworkConditions`. */
export interface NetworkConditions {
  offline: boolean;
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

/**
 * A profile as Lighthouse's own `devtools` throttling method applies it (core/lib/emulation.js,
 * `enableNetworkThrottling`): the request latency as is (the profile already multiplies the RTT by
 * DevTools' adjustment factor) and the throughputs from kbit/s (1024 bits) to bytes per second.
 */
export function networkConditions(profile: ThrottlingProfile): NetworkConditions {
  return {
    offline: false,
    latency: profile.requestLatencyMs,
    downloadThroughput: Math.floor((profile.downloadThroughputKbps * 1024) / 8),
    uploadThroughput: Math.floor((profile.uploadThroughputKbps * 1024) / 8),
  };
}

/**
 * Lighthouse's 4x CPU throttling stands for a mid-range phone on a machine whose benchmark index is
 * over this; at or under it Lighthouse warns that the host is slow (gather/driver/environment.js,
 * SLOW_CPU_BENCHMARK_INDEX_THRESHOLD), since 4x of it is slower than that phone.
 */
export const SLOW_HOST_BENCHMARK_INDEX = 1000;

export interface LongTask {
  /** From the navigation's start, as PerformanceObserver reports it. */
  startMs: number;
  durationMs: number;
}

/** A main-thread task blocks input for the part of it over this (Lighthouse's, the web's). */
export const BLOCKING_THRESHOLD_MS = 50;

/**
 * Total blocking time as Lighthouse computes it (lantern's TBTUtils.js,
 * `calculateSumOfBlockingTime`): each task clipped to [startMs, endMs] (first contentful paint to
 * the end of the load), then its part over 50 ms. A task that straddles FCP counts only after FCP.
 */
export function totalBlockingTime(
  tasks: readonly LongTask[],
  startMs: number,
  endMs: number,
): number {
  let sum = 0;
  for (const task of tasks) {
    const clipped =
      Math.min(task.startMs + task.durationMs, endMs) - Math.max(task.startMs, startMs);
    if (clipped > BLOCKING_THRESHOLD_MS) sum += clipped - BLOCKING_THRESHOLD_MS;
  }
  return sum;
}

export type Kind = 'js' | 'css' | 'wasm' | 'other';
/** Who fetched a file: the page's main thread or one of its workers. */
export type Origin = 'page' | 'worker';

/** One Resource Timing entry (navigation or resource) of the page or a worker. */
export interface TimingEntry {
  url: string;
  /** The response's MIME type as Chromium records it; '' where it does not say. */
  contentType: string;
  /** Header and body bytes over the network; 0 when the HTTP cache answered. */
  transferSize: number;
  /** The body as it came, before decoding: gzipped where the server gzipped it. */
  encodedBodySize: number;
  /** The last byte, from the time origin of the page or worker that fetched it. */
  responseEndMs: number;
}

/** A page's or a worker's Resource Timing entries and the time they count from. */
export interface Timeline {
  /** performance.timeOrigin: milliseconds since the epoch. */
  timeOrigin: number;
  entries: TimingEntry[];
}

export interface FetchedFile {
  /** Relative to the app's root, without a fragment (`assets/index-….js`). */
  path: string;
  origin: Origin;
  kind: Kind;
  /** Body bytes as transferred; 0 for a file the HTTP cache gave. */
  bytes: number;
  /** Its last byte, from the navigation's start (a worker's times moved onto the page's clock). */
  endMs: number;
}

const EXTENSION_KINDS: [RegExp, Kind][] = [
  [/\.m?js$/, 'js'],
  [/\.css$/, 'css'],
  [/\.wasm$/, 'wasm'],
];

/** By MIME type where the entry has one, else by the file's extension. */
export function kindOf(url: string, contentType: string): Kind {
  if (/javascript|ecmascript/.test(contentType)) return 'js';
  if (contentType.startsWith('text/css')) return 'css';
  if (contentType.startsWith('application/wasm')) return 'wasm';
  if (contentType !== '') return 'other';
  const path = new URL(url).pathname;
  return EXTENSION_KINDS.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}

function relativePath(url: string, appUrl: string): string {
  const address = new URL(url);
  address.hash = '';
  const text = address.href;
  return text.startsWith(appUrl) ? text.slice(appUrl.length) : text;
}

/**
 * Every file a page and its workers fetched: the page's entries (its document, its scripts and
 * styles, and each worker's own script, which the page fetches) and each worker's entries. A
 * worker's script counts as the worker's; a file the HTTP cache gave counts 0 bytes.
 */
export function fetchedFiles(
  appUrl: string,
  page: Timeline,
  workers: readonly (Timeline & { url: string })[],
): FetchedFile[] {
  const workerScripts = new Set(workers.map((worker) => worker.url));
  const file = (entry: TimingEntry, origin: Origin, from: Timeline): FetchedFile => ({
    path: relativePath(entry.url, appUrl),
    origin,
    kind: kindOf(entry.url, entry.contentType),
    bytes: entry.transferSize === 0 ? 0 : entry.encodedBodySize,
    endMs: from.timeOrigin - page.timeOrigin + entry.responseEndMs,
  });
  return [
    ...page.entries.map((entry) =>
      file(entry, workerScripts.has(entry.url) ? 'worker' : 'page', page),
    ),
    ...workers.flatMap((worker) => worker.entries.map((entry) => file(entry, 'worker', worker))),
  ];
}

/** The files whose arrival the report gives, so it shows what came before the paint and what after. */
const ARRIVALS: [string, (file: FetchedFile) => boolean][] = [
  ['page JS', (f) => f.origin === 'page' && f.kind === 'js'],
  ['CSS', (f) => f.kind === 'css'],
  ["workers' JS", (f) => f.origin === 'worker' && f.kind === 'js'],
  ['wasm', (f) => f.kind === 'wasm'],
];

/**
 * When the last byte of each group of ARRIVALS came, from the navigation's start: the latest
 * `endMs` of its files that came over the network; null for a group none of whose files did.
 */
export function lastBytes(files: readonly FetchedFile[]): [string, number | null][] {
  return ARRIVALS.map(([label, holds]) => {
    const ends = files.filter((f) => holds(f) && f.bytes > 0).map((f) => f.endMs);
    return [label, ends.length === 0 ? null : Math.max(...ends)];
  });
}

export type Bytes = Record<Kind, number>;

/** Bytes per origin and kind. */
export function byteTotals(files: readonly FetchedFile[]): Record<Origin, Bytes> {
  const zero = (): Bytes => ({ js: 0, css: 0, wasm: 0, other: 0 });
  const totals = { page: zero(), worker: zero() };
  for (const f of files) totals[f.origin][f.kind] += f.bytes;
  return totals;
}

/** One cold load of one page. Times are from the navigation's start. */
export interface FirstLoadRun {
  fcpMs: number | null;
  lcpMs: number | null;
  /** What the last largest-contentful-paint entry painted (`h1 "Gradlab"`, `image <url>`). */
  lcpElement: string | null;
  tbtMs: number;
  longTasks: LongTask[];
  loadMs: number;
  /** When the load was over (see first-load.ts): the end of the observation. */
  endMs: number;
  /** False when the page was still busy at Lighthouse's maxWaitForLoad. */
  quiet: boolean;
  files: FetchedFile[];
  bytes: Record<Origin, Bytes>;
}

export interface FirstLoadMedian {
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number;
  bytes: Record<Origin, Bytes>;
}

export interface FirstLoadPage {
  page: string;
  runs: FirstLoadRun[];
  median: FirstLoadMedian | null;
  error: string | null;
}

/** How the runs were made, for the report's notes (first-load.ts fills it). */
export interface FirstLoadConditions {
  lighthouseVersion: string;
  chromium: string;
  /** The machine under the throttling: CPU throttling slows its own speed, whatever that is. */
  machine: {
    cores: number;
    cpu: string;
    /** The 1-minute load average when the runs began: other work slows them too. */
    loadAverage: number;
    /** Lighthouse's benchmark index then, unthrottled (see SLOW_HOST_BENCHMARK_INDEX). */
    benchmarkIndex: number;
  };
  network: NetworkConditions;
  cpuSlowdown: number;
  screen: { width: number; height: number; deviceScaleFactor: number };
  quiet: { pauseAfterLoadMs: number; networkQuietMs: number; cpuQuietMs: number };
}

export interface FirstLoadReport {
  date: string;
  what: string;
  bytes: string;
  conditions: FirstLoadConditions;
  targets: typeof FIRST_LOAD_TARGETS;
  rounds: number;
  pages: FirstLoadPage[];
}

function medianOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : median(present);
}

/** The median of each figure on its own, over the runs. */
export function medianRun(runs: readonly FirstLoadRun[]): FirstLoadMedian | null {
  if (runs.length === 0) return null;
  const bytes = (origin: Origin, kind: Kind) => median(runs.map((run) => run.bytes[origin][kind]));
  const kinds = (origin: Origin): Bytes => ({
    js: bytes(origin, 'js'),
    css: bytes(origin, 'css'),
    wasm: bytes(origin, 'wasm'),
    other: bytes(origin, 'other'),
  });
  return {
    fcpMs: medianOf(runs.map((run) => run.fcpMs)),
    lcpMs: medianOf(runs.map((run) => run.lcpMs)),
    tbtMs: median(runs.map((run) => run.tbtMs)),
    bytes: { page: kinds('page'), worker: kinds('worker') },
  };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;

interface Measure {
  label: string;
  of: (figures: FirstLoadMedian) => number | null;
  format: (value: number) => string;
  /** [what the table prints, whether a value meets it]; none for a figure shown without one. */
  target?: [string, (value: number) => boolean];
}

const T = FIRST_LOAD_TARGETS;
const MEASURES: Measure[] = [
  {
    label: 'JavaScript, page',
    of: (f) => f.bytes.page.js,
    format: kb,
    target: [`≤ ${kb(T.pageJsBytes)}`, (value) => value <= T.pageJsBytes],
  },
  { label: 'JavaScript, workers', of: (f) => f.bytes.worker.js, format: kb },
  { label: 'wasm', of: (f) => f.bytes.page.wasm + f.bytes.worker.wasm, format: kb },
  { label: 'CSS', of: (f) => f.bytes.page.css + f.bytes.worker.css, format: kb },
  { label: 'FCP', of: (f) => f.fcpMs, format: seconds },
  {
    label: 'LCP',
    of: (f) => f.lcpMs,
    format: seconds,
    target: [`< ${seconds(T.lcpMs)}`, (value) => value < T.lcpMs],
  },
  {
    label: 'TBT',
    of: (f) => f.tbtMs,
    format: millis,
    target: [`< ${millis(T.tbtMs)}`, (value) => value < T.tbtMs],
  },
];

/** `min–max` of a figure over the runs, or the one value where they agree. */
function range(runs: readonly FirstLoadRun[], measure: Measure): string {
  const values = runs.map(measure.of).filter((value): value is number => value !== null);
  if (values.length === 0) return '-';
  const low = measure.format(Math.min(...values));
  const high = measure.format(Math.max(...values));
  return low === high ? low : `${low}–${high}`;
}

/** The median over the runs of each group's last byte, beside the median LCP. */
function arrivalNote(runs: readonly FirstLoadRun[], figures: FirstLoadMedian): string {
  const perRun = runs.map((run) => lastBytes(run.files));
  const parts = ARRIVALS.flatMap(([label], i) => {
    const at = medianOf(perRun.map((groups) => groups[i]?.[1] ?? null));
    return at === null ? [] : [`${label} ${seconds(at)}`];
  });
  const lcp = figures.lcpMs === null ? 'no LCP' : `LCP ${seconds(figures.lcpMs)}`;
  return `last byte (median) of ${parts.length > 0 ? parts.join(', ') : 'nothing'}; ${lcp}`;
}

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

/** Rows for bench.mjs's table(): a row per page and figure, with the target and PASS or MISS. */
export function firstLoadTable(report: FirstLoadReport): Table {
  const header = ['page', 'figure', 'median', 'runs (min–max)', 'target', 'verdict'];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const p of report.pages) {
    if (p.error !== null || p.median === null) {
      rows.push([p.page, 'FAILED', '', '', '', (p.error ?? 'no run').split('\n')[0] ?? '']);
      continue;
    }
    for (const measure of MEASURES) {
      const value = measure.of(p.median);
      const [target, meets] = measure.target ?? ['', null];
      const verdict = meets === null || value === null ? '' : meets(value) ? 'PASS' : 'MISS';
      rows.push([
        p.page,
        measure.label,
        value === null ? '-' : measure.format(value),
        range(p.runs, measure),
        target,
        verdict,
      ]);
    }
    const elements = [...new Set(p.runs.map((run) => run.lcpElement ?? 'none'))];
    notes.push(`${p.page}: LCP element ${elements.join(' / ')}`);
    notes.push(`${p.page}: ${arrivalNote(p.runs, p.median)}`);
    const unquiet = p.runs.filter((run) => !run.quiet).length;
    if (unquiet > 0) notes.push(`${p.page}: ${unquiet} run(s) still busy when the wait ran out`);
  }
  const c = report.conditions;
  const kbps = (bytesPerSecond: number) => ((bytesPerSecond * 8) / 1024).toFixed(1);
  notes.push(
    `Median of ${report.rounds} cold loads a page (fresh browser context, service worker blocked), ` +
      `Lighthouse ${c.lighthouseVersion} mobile throttling applied: ${c.network.latency} ms a ` +
      `request, ${kbps(c.network.downloadThroughput)} kbit/s down, ` +
      `${kbps(c.network.uploadThroughput)} up, CPU ${c.cpuSlowdown}x slower; ` +
      `${c.screen.width}x${c.screen.height} at ${c.screen.deviceScaleFactor}x. Chromium ` +
      `${c.chromium}, ${c.machine.cores} cores (${c.machine.cpu}), load average ` +
      `${c.machine.loadAverage.toFixed(1)} and benchmark index ` +
      `${Math.round(c.machine.benchmarkIndex)} when the runs began` +
      (c.machine.benchmarkIndex > SLOW_HOST_BENCHMARK_INDEX
        ? '.'
        : ` (at most ${SLOW_HOST_BENCHMARK_INDEX}: Lighthouse would warn that ${c.cpuSlowdown}x ` +
          'of this host is slower than the phone it stands for).'),
    `Counted until the load event + ${c.quiet.pauseAfterLoadMs} ms, then ` +
      `${c.quiet.networkQuietMs} ms without requests and ${c.quiet.cpuQuietMs} ms without long ` +
      `tasks. ${report.bytes}`,
  );
  return { title: 'First load (cold cache, applied mobile throttling)', header, rows, notes };
}
