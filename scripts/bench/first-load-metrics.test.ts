import fc from 'fast-check';
import { throttling } from 'lighthouse/core/config/constants.js';
import * as Lantern from 'lighthouse/core/lib/lantern/lantern.js';
import { describe, expect, it } from 'vitest';
import {
  FIRST_LOAD_TARGETS,
  byteTotals,
  fetchedFiles,
  firstLoadTable,
  kindOf,
  lastBytes,
  medianRun,
  networkConditions,
  totalBlockingTime,
  type Bytes,
  type FirstLoadPage,
  type FetchedFile,
  type FirstLoadReport,
  type FirstLoadRun,
  type LongTask,
  type TimingEntry,
} from './first-load-metrics';

const APP = 'http://localhost:4183/';

describe('networkConditions', () => {
  it("gives Lighthouse's mobile profile as its devtools method sends it to CDP", () => {
    // Lighthouse 12: RTT 150 ms x 3.75, 1.6 Mbit/s x 0.9 down, 750 kbit/s x 0.9 up.
    expect(networkConditions(throttling.mobileSlow4G)).toEqual({
      offline: false,
      latency: 562.5,
      downloadThroughput: 188_743,
      uploadThroughput: 86_400,
    });
  });
});

describe('totalBlockingTime', () => {
  const task = (startMs: number, durationMs: number): LongTask => ({ startMs, durationMs });

  it('counts the part of each task over 50 ms', () => {
    expect(totalBlockingTime([task(300, 80), task(500, 50), task(600, 51)], 200, 5000)).toBe(31);
  });

  it('counts a task that straddles FCP only after FCP, and none that ends before it', () => {
    expect(totalBlockingTime([task(0, 100)], 200, 5000)).toBe(0);
    expect(totalBlockingTime([task(150, 100)], 200, 5000)).toBe(0);
    expect(totalBlockingTime([task(150, 200)], 200, 5000)).toBe(100);
  });

  it('clips a task at the end of the load', () => {
    expect(totalBlockingTime([task(900, 300)], 200, 1000)).toBe(50);
    expect(totalBlockingTime([task(900, 300)], 1000, 1000)).toBe(0);
  });

  it("equals Lighthouse's own calculateSumOfBlockingTime", () => {
    const tasks = fc.array(
      fc.record({
        startMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
        durationMs: fc.double({ min: 50, max: 2000, noNaN: true }),
      }),
      { maxLength: 20 },
    );
    const times = fc.tuple(
      fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: 12_000, noNaN: true }),
    );
    fc.assert(
      fc.property(tasks, times, (list, [startMs, endMs]) => {
        const events = list.map((t) => ({
          start: t.startMs,
          end: t.startMs + t.durationMs,
          duration: t.durationMs,
        }));
        const theirs = Lantern.Metrics.TBTUtils.calculateSumOfBlockingTime(events, startMs, endMs);
        expect(totalBlockingTime(list, startMs, endMs)).toBeCloseTo(theirs, 6);
      }),
    );
  });
});

describe('kindOf', () => {
  it('goes by the MIME type, then by the extension', () => {
    expect(kindOf(`${APP}assets/a.js`, 'text/javascript')).toBe('js');
    expect(kindOf(`${APP}x`, 'application/javascript; charset=utf-8')).toBe('js');
    expect(kindOf(`${APP}assets/a.css`, 'text/css')).toBe('css');
    expect(kindOf(`${APP}assets/b.wasm`, 'application/wasm')).toBe('wasm');
    expect(kindOf(`${APP}favicon.svg`, 'image/svg+xml')).toBe('other');
    expect(kindOf(`${APP}assets/a.js?v=1`, 'text/html')).toBe('other');
    expect(kindOf(`${APP}assets/a.mjs?v=1`, '')).toBe('js');
    expect(kindOf(`${APP}assets/b.wasm`, '')).toBe('wasm');
    expect(kindOf(`${APP}assets/c.css#x`, '')).toBe('css');
    expect(kindOf(`${APP}data.bin`, '')).toBe('other');
  });
});

const entry = (
  path: string,
  encodedBodySize: number,
  contentType = '',
  responseEndMs = 0,
): TimingEntry => ({
  url: `${APP}${path}`,
  contentType,
  transferSize: encodedBodySize + 300,
  encodedBodySize,
  responseEndMs,
});

/** The page's time origin in a test: an epoch time, as performance.timeOrigin is. */
const PAGE_ORIGIN = 1_765_000_000_000.5;

describe('fetchedFiles and byteTotals', () => {
  const worker = `${APP}assets/train.worker-1.js`;
  const page = {
    timeOrigin: PAGE_ORIGIN,
    entries: [
      entry('#/playground', 768, 'text/html', 582),
      entry('assets/index-1.js', 132_950, 'text/javascript', 1929),
      entry('assets/index-1.css', 3227, 'text/css', 1237),
      entry('assets/Playground-1.js', 608, 'text/javascript', 2762),
      entry('assets/train.worker-1.js', 631_566, 'text/javascript', 6244),
      // The HTTP cache answered: nothing transferred.
      { ...entry('assets/index-1.js', 132_950, 'text/javascript', 3000), transferSize: 0 },
    ],
  };
  // The worker's clock starts when it does, 6300 ms after the page's: its 2899 ms is the page's 9199.
  const workers = [
    {
      url: worker,
      timeOrigin: PAGE_ORIGIN + 6300,
      entries: [entry('assets/simd.wasm', 424_594, '', 2899)],
    },
  ];
  const files = fetchedFiles(APP, page, workers);

  it('gives a worker its script and its own fetches, and the page the rest, by path', () => {
    expect(files).toEqual([
      { path: '', origin: 'page', kind: 'other', bytes: 768, endMs: 582 },
      { path: 'assets/index-1.js', origin: 'page', kind: 'js', bytes: 132_950, endMs: 1929 },
      { path: 'assets/index-1.css', origin: 'page', kind: 'css', bytes: 3227, endMs: 1237 },
      { path: 'assets/Playground-1.js', origin: 'page', kind: 'js', bytes: 608, endMs: 2762 },
      {
        path: 'assets/train.worker-1.js',
        origin: 'worker',
        kind: 'js',
        bytes: 631_566,
        endMs: 6244,
      },
      { path: 'assets/index-1.js', origin: 'page', kind: 'js', bytes: 0, endMs: 3000 },
      { path: 'assets/simd.wasm', origin: 'worker', kind: 'wasm', bytes: 424_594, endMs: 9199 },
    ]);
  });

  it('keeps another origin whole', () => {
    const remote = { ...entry('', 10, 'text/css'), url: 'https://cdn.example/a.css#x' };
    const only = { timeOrigin: PAGE_ORIGIN, entries: [remote] };
    expect(fetchedFiles(APP, only, [])[0]?.path).toBe('https://cdn.example/a.css');
  });

  it("gives each group's last byte over the network, on the page's clock", () => {
    expect(lastBytes(files)).toEqual([
      ['page JS', 2762],
      ['CSS', 1237],
      ["workers' JS", 6244],
      ['wasm', 9199],
    ]);
    expect(lastBytes(files.filter((f) => f.kind !== 'wasm'))).toContainEqual(['wasm', null]);
  });

  it('sums the bytes per origin and kind', () => {
    expect(byteTotals(files)).toEqual({
      page: { js: 133_558, css: 3227, wasm: 0, other: 768 },
      worker: { js: 631_566, css: 0, wasm: 424_594, other: 0 },
    });
  });
});

const NO_BYTES: Bytes = { js: 0, css: 0, wasm: 0, other: 0 };

function run(figures: Partial<FirstLoadRun> & { pageJs?: number }): FirstLoadRun {
  const { pageJs = 0, ...rest } = figures;
  return {
    fcpMs: 1000,
    lcpMs: 1500,
    lcpElement: 'h1 "Gradlab"',
    tbtMs: 0,
    longTasks: [],
    loadMs: 1200,
    endMs: 3000,
    quiet: true,
    files: [],
    bytes: { page: { ...NO_BYTES, js: pageJs }, worker: { ...NO_BYTES, js: 600_000 } },
    ...rest,
  };
}

describe('medianRun', () => {
  it('takes the median of each figure on its own', () => {
    const runs = [
      run({ fcpMs: 900, lcpMs: 3000, tbtMs: 10, pageJs: 3 }),
      run({ fcpMs: 1100, lcpMs: 1000, tbtMs: 300, pageJs: 1 }),
      run({ fcpMs: 1000, lcpMs: 2000, tbtMs: 20, pageJs: 2 }),
    ];
    expect(medianRun(runs)).toEqual({
      fcpMs: 1000,
      lcpMs: 2000,
      tbtMs: 20,
      bytes: { page: { ...NO_BYTES, js: 2 }, worker: { ...NO_BYTES, js: 600_000 } },
    });
  });

  it('leaves out a paint a run did not see, and has no median without runs', () => {
    const runs = [run({ lcpMs: null }), run({ lcpMs: 1200 }), run({ lcpMs: 1800 })];
    expect(medianRun(runs)?.lcpMs).toBe(1500);
    expect(medianRun([run({ lcpMs: null })])?.lcpMs).toBeNull();
    expect(medianRun([])).toBeNull();
  });
});

function report(pages: FirstLoadPage[]): FirstLoadReport {
  return {
    date: '2026-01-01T00:00:00.000Z',
    what: 'test',
    bytes: 'Bytes: as transferred.',
    conditions: {
      lighthouseVersion: '12.8.2',
      chromium: '140.0.7339.185',
      machine: {
        cores: 2,
        cpu: 'Intel(R) Xeon(R) Processor',
        loadAverage: 3.04,
        benchmarkIndex: 1520.5,
      },
      network: networkConditions(throttling.mobileSlow4G),
      cpuSlowdown: 4,
      screen: { width: 412, height: 823, deviceScaleFactor: 1.75 },
      quiet: { pauseAfterLoadMs: 1000, networkQuietMs: 1000, cpuQuietMs: 1000 },
    },
    targets: FIRST_LOAD_TARGETS,
    rounds: 3,
    pages,
  };
}

const pageOf = (name: string, runs: FirstLoadRun[]): FirstLoadPage => ({
  page: name,
  runs,
  median: medianRun(runs),
  error: null,
});

describe('firstLoadTable', () => {
  const verdicts = (table: ReturnType<typeof firstLoadTable>) =>
    Object.fromEntries(table.rows.map((row) => [`${row[0]} ${row[1]}`, row[5]]));

  it('says PASS at the targets and MISS past them', () => {
    const atTargets = run({ pageJs: 200_000, lcpMs: 2499, tbtMs: 199 });
    const past = run({ pageJs: 200_001, lcpMs: 2500, tbtMs: 200 });
    const table = firstLoadTable(
      report([pageOf('#/', [atTargets]), pageOf('#/playground', [past])]),
    );
    expect(verdicts(table)).toEqual({
      '#/ JavaScript, page': 'PASS',
      '#/ JavaScript, workers': '',
      '#/ wasm': '',
      '#/ CSS': '',
      '#/ FCP': '',
      '#/ LCP': 'PASS',
      '#/ TBT': 'PASS',
      '#/playground JavaScript, page': 'MISS',
      '#/playground JavaScript, workers': '',
      '#/playground wasm': '',
      '#/playground CSS': '',
      '#/playground FCP': '',
      '#/playground LCP': 'MISS',
      '#/playground TBT': 'MISS',
    });
  });

  it('prints the median, the range over the runs and the target', () => {
    const table = firstLoadTable(
      report([
        pageOf('#/', [
          run({ lcpMs: 1710, pageJs: 132_960 }),
          run({ lcpMs: 2340, pageJs: 132_960 }),
          run({ lcpMs: 2000, pageJs: 132_960 }),
        ]),
      ]),
    );
    expect(table.header).toEqual([
      'page',
      'figure',
      'median',
      'runs (min–max)',
      'target',
      'verdict',
    ]);
    expect(table.rows[0]).toEqual([
      '#/',
      'JavaScript, page',
      '133.0 KB',
      '133.0 KB',
      '≤ 200.0 KB',
      'PASS',
    ]);
    expect(table.rows[5]).toEqual(['#/', 'LCP', '2.00 s', '1.71 s–2.34 s', '< 2.50 s', 'PASS']);
    expect(table.rows[6]).toEqual(['#/', 'TBT', '0 ms', '0 ms', '< 200 ms', 'PASS']);
    expect(table.notes[0]).toBe('#/: LCP element h1 "Gradlab"');
    expect(table.notes.at(-2)).toContain('562.5 ms a request, 1474.6 kbit/s down, 675.0 up');
    expect(table.notes.at(-2)).toContain(
      'Chromium 140.0.7339.185, 2 cores (Intel(R) Xeon(R) Processor), load average 3.0 and ' +
        'benchmark index 1521 when the runs began.',
    );
  });

  it('says when Lighthouse would call the host too slow for its CPU throttling', () => {
    const slow = report([]);
    slow.conditions.machine.benchmarkIndex = 1000;
    expect(firstLoadTable(slow).notes.at(-2)).toContain(
      'benchmark index 1000 when the runs began (at most 1000: Lighthouse would warn that 4x of ' +
        'this host is slower than the phone it stands for).',
    );
  });

  it('notes the median last byte of each group beside the median LCP', () => {
    const arrived = (pageJsEnd: number, wasmEnd: number, lcpMs: number) => {
      const files: FetchedFile[] = [
        { path: 'assets/index-1.js', origin: 'page', kind: 'js', bytes: 132_950, endMs: pageJsEnd },
        {
          path: 'assets/simd.wasm',
          origin: 'worker',
          kind: 'wasm',
          bytes: 424_594,
          endMs: wasmEnd,
        },
      ];
      return run({ lcpMs, files });
    };
    const runs = [arrived(1900, 9000, 2300), arrived(2100, 9400, 2500), arrived(2000, 9200, 2400)];
    expect(firstLoadTable(report([pageOf('#/', runs)])).notes[1]).toBe(
      '#/: last byte (median) of page JS 2.00 s, wasm 9.20 s; LCP 2.40 s',
    );
    const none = firstLoadTable(report([pageOf('#/', [run({ lcpMs: null })])]));
    expect(none.notes[1]).toBe('#/: last byte (median) of nothing; no LCP');
  });

  it('shows no verdict for a paint no run saw, and names runs that never went quiet', () => {
    const table = firstLoadTable(report([pageOf('#/', [run({ lcpMs: null, quiet: false })])]));
    expect(table.rows[5]).toEqual(['#/', 'LCP', '-', '-', '< 2.50 s', '']);
    expect(table.notes).toContain('#/: 1 run(s) still busy when the wait ran out');
  });

  it('prints a failed page as one row with its error', () => {
    const failed: FirstLoadPage = { page: '#/', runs: [], median: null, error: 'boom\nstack' };
    expect(firstLoadTable(report([failed])).rows).toEqual([['#/', 'FAILED', '', '', '', 'boom']]);
  });
});
