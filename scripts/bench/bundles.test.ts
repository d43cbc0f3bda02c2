import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/bundle/canonical';
import { contentId } from '../../src/core/bundle/content-id';
import { decodeBundleFile } from '../../src/core/bundle/file';
import { decodeLink, encodeInlineLink } from '../../src/core/bundle/link';
import { validateBundle } from '../../src/core/bundle/validate';
import { sha256Hex } from '../../src/core/hash';
import { importLink, type ImportReport } from './bundle-import';
import {
  LESSON_LINK_TARGET_BYTES,
  WEIGHTS_BUNDLES,
  bundleTables,
  codecFigures,
  findLessons,
  fmtBytes,
  fmtMs,
  lessonRefsOf,
  measureCodecs,
  mnistWeightsBundle,
  timeMedian,
  writeBundleFile,
  type TimingPlan,
} from './bundles';

const V1_TEXT = readFileSync('src/core/bundle/fixtures/v1.json', 'utf8');
const QUICK: TimingPlan = { warmup: 0, rounds: 2, budgetMs: 60_000, minRounds: 1 };

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lessonRefsOf', () => {
  it('reads slug, file and title in order, the title falling back to the slug', () => {
    const index = [
      { slug: 'first', file: 'first.json', title: 'First', minutes: 10 },
      { slug: 'second', file: 'second.json' },
    ];
    const refs = lessonRefsOf(index);
    expect(refs.ok && refs.value).toEqual([
      { slug: 'first', file: 'first.json', title: 'First' },
      { slug: 'second', file: 'second.json', title: 'second' },
    ]);
  });

  it('refuses what is not a list of entries with a slug and a file', () => {
    for (const index of [null, {}, 'x', [{ slug: 'a' }], [{ file: 'a.json' }], [1]]) {
      expect(lessonRefsOf(index).ok).toBe(false);
    }
  });

  it('refuses a file name that could leave the lessons folder', () => {
    for (const file of ['../secret.json', '/etc/passwd', 'a/b.json', 'A.json', 'x.txt']) {
      expect(lessonRefsOf([{ slug: 's', file }]).ok).toBe(false);
    }
  });
});

describe('findLessons', () => {
  it('says there are no lessons when no folder has an index', () => {
    const found = findLessons([join(tempDir(), 'missing'), tempDir()]);
    expect(found.dir).toBeNull();
    expect(found.lessons).toEqual([]);
    expect(found.note).toMatch(/^no lessons/);
  });

  it('reads the first folder with an index, and reports a lesson file it cannot read', () => {
    const empty = tempDir();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify([
        { slug: 'spirals', file: 'spirals.json', title: 'Spirals' },
        { slug: 'gone', file: 'gone.json', title: 'Gone' },
      ]),
    );
    writeFileSync(join(dir, 'spirals.json'), V1_TEXT);
    const found = findLessons([empty, dir]);
    expect(found.dir).toBe(dir);
    expect(found.note).toBeNull();
    expect(found.lessons.map((l) => [l.slug, l.error === null])).toEqual([
      ['spirals', true],
      ['gone', false],
    ]);
    expect(found.lessons[0]!.json).toEqual(JSON.parse(V1_TEXT));
  });

  it('notes a broken index instead of throwing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'index.json'), '{ not json');
    const found = findLessons([dir]);
    expect(found.lessons).toEqual([]);
    expect(found.note).toMatch(/^no lessons: /);
  });
});

describe('timeMedian', () => {
  /** A clock that each run moves on by the next of `costs`. */
  function fakeClock(costs: number[]) {
    let now = 0;
    let i = 0;
    return {
      clock: () => now,
      run: () => {
        now += costs[i++ % costs.length]!;
      },
      runs: () => i,
    };
  }

  it('runs the warm-up untimed, then times `rounds` runs and takes their median', async () => {
    const fake = fakeClock([1000, 1000, 5, 1, 9, 2, 3]);
    const timing = await timeMedian(
      fake.run,
      { warmup: 2, rounds: 5, budgetMs: 1e9, minRounds: 1 },
      fake.clock,
    );
    expect(timing).toEqual({ medianMs: 3, rounds: 5 });
    expect(fake.runs()).toBe(7);
  });

  it('stops past the budget, but never before the fewest rounds', async () => {
    const plan = { warmup: 0, rounds: 50, budgetMs: 100, minRounds: 5 };
    const slow = fakeClock([400]);
    expect(await timeMedian(slow.run, plan, slow.clock)).toEqual({ medianMs: 400, rounds: 5 });
    const fast = fakeClock([30]);
    expect((await timeMedian(fast.run, plan, fast.clock)).rounds).toBe(5);
    const quick = fakeClock([1]);
    expect((await timeMedian(quick.run, plan, quick.clock)).rounds).toBe(50);
  });

  it('never times more than `rounds` runs nor fewer than the smaller of both bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 10 }),
        async (rounds, minRounds, budgetMs, costs) => {
          const fake = fakeClock(costs);
          const plan = { warmup: 0, rounds, budgetMs, minRounds };
          const timing = await timeMedian(fake.run, plan, fake.clock);
          expect(timing.rounds).toBeLessThanOrEqual(rounds);
          expect(timing.rounds).toBeGreaterThanOrEqual(Math.min(rounds, minRounds));
        },
      ),
    );
  });
});

describe('mnistWeightsBundle', () => {
  it("makes a valid bundle with the small CNN's weights inline for its one run", async () => {
    const plan = WEIGHTS_BUNDLES[0]!;
    const made = await mnistWeightsBundle(plan);
    const { bundle } = made;
    expect(made.params).toBe(8 * 9 + 8 + 13 * 13 * 8 * 10 + 10);
    expect(made.weightBytes).toBe(made.params * 4);
    expect(bundle.id).toBe(await contentId(bundle));
    expect(validateBundle(JSON.parse(canonicalJson(bundle))).ok).toBe(true);
    expect(bundle.datasets.mnist).toEqual({ kind: 'shipped', name: 'mnist-10k' });
    const run = bundle.runs[0]!;
    const weights = bundle.weights?.[run.weightsKey ?? ''];
    expect(weights && 'weightSpecs' in weights && weights.weightSpecs.map((w) => w.shape)).toEqual([
      [3, 3, 1, 8],
      [8],
      [1352, 10],
      [10],
    ]);
  });

  it('writes the bundle file a #url= link points at, with its size and sha256', async () => {
    const { bundle, name } = await mnistWeightsBundle(WEIGHTS_BUNDLES[0]!);
    const dir = tempDir();
    const file = await writeBundleFile(bundle, name, dir);
    const bytes = new Uint8Array(readFileSync(join(dir, file.path)));
    expect(file.path).toBe(`bundles/${name}.gradlab.zip`);
    expect(file.bytes).toBe(bytes.length);
    expect(file.sha256).toBe(await sha256Hex(bytes));
    const decoded = decodeBundleFile(bytes, 'x.gradlab.zip');
    expect(decoded.ok && decoded.value.json).toEqual(JSON.parse(canonicalJson(bundle)));
  });
});

describe('codecFigures', () => {
  it('measures the link size as encodeInlineLink does and times all four codecs', async () => {
    const json: unknown = JSON.parse(V1_TEXT);
    const figures = await codecFigures('v1', json, QUICK);
    expect(figures.linkBytes).toBe(encodeInlineLink(canonicalJson(json)).bytes);
    expect(figures.jsonBytes).toBe(new TextEncoder().encode(canonicalJson(json)).length);
    expect(figures.error).toBeNull();
    for (const t of [
      figures.encodeLink,
      figures.decodeLink,
      figures.encodeFile,
      figures.decodeFile,
    ]) {
      expect(t?.rounds).toBe(2);
      expect(t?.medianMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports a bundle the app refuses instead of timing its decoding', async () => {
    const json = { ...(JSON.parse(V1_TEXT) as object), id: `sha256-${'0'.repeat(64)}` };
    const figures = await codecFigures('tampered', json, QUICK);
    expect(figures.decodeLink).toBeNull();
    expect(figures.decodeFile).toBeNull();
    expect(figures.error).toMatch(/link refused: .*file refused: /);
    expect(figures.encodeLink).not.toBeNull();
  });
});

const noImport: ImportReport = {
  bundle: 'MNIST-10k + small-cnn weights',
  fileBytes: 57_037,
  link: '',
  rounds: [],
  median: null,
  weightsConfirmed: false,
  error: 'the notebook was not ready 90 s after Open',
};

describe('bundleTables', () => {
  it('says there are no lessons when none were found', async () => {
    const report = await measureCodecs({ dir: null, lessons: [], note: 'no lessons (x)' }, []);
    const [lessons] = bundleTables(report, noImport);
    expect(lessons!.rows).toEqual([]);
    expect(lessons!.notes[0]).toBe('no lessons (x)');
  });

  it('marks each lesson within or over the 4 KB target, and a lesson that failed', async () => {
    const json: unknown = JSON.parse(V1_TEXT);
    const long = JSON.parse(V1_TEXT) as { notebook: { cells: { text?: string }[] } };
    // Text that does not compress: a link far over the target.
    long.notebook.cells[0]!.text = Array.from({ length: 6000 }, (_, i) =>
      String.fromCharCode(0x4e00 + ((i * 7919) % 20000)),
    ).join('');
    const lessons = [
      { slug: 'small', file: 'small.json', title: 'Small', json, error: null },
      { slug: 'big', file: 'big.json', title: 'Big', json: long, error: null },
      { slug: 'gone', file: 'gone.json', title: 'Gone', json: null, error: 'ENOENT' },
    ];
    const report = await measureCodecs({ dir: 'public/lessons', lessons, note: null }, []);
    const figures = report.lessons.figures;
    expect(figures[0]!.withinTarget).toBe(true);
    expect(figures[1]!.linkBytes).toBeGreaterThan(LESSON_LINK_TARGET_BYTES);
    expect(figures[1]!.withinTarget).toBe(false);
    const [table] = bundleTables(report, noImport);
    expect(table!.rows.map((r) => [r[0], r[3]])).toEqual([
      ['small', 'yes'],
      ['big', 'NO'],
      ['gone', '-'],
    ]);
    expect(table!.rows[2]!.at(-1)).toBe('ENOENT');
    expect(table!.notes).toContain('1 of 3 within the target.');
  });

  it('shows each import round and the median, and a failure or unconfirmed weights', () => {
    const round = (
      total: number,
      weightsConfirmed: boolean,
      weightsFailure: string | null = null,
    ) => ({
      previewSeconds: 1,
      openToReadySeconds: total - 1,
      totalSeconds: total,
      weightsConfirmed,
      weightsFailure,
    });
    const report: ImportReport = {
      ...noImport,
      rounds: [round(5, true), round(7, true), round(6, true)],
      median: { previewSeconds: 1, openToReadySeconds: 5, totalSeconds: 6 },
      weightsConfirmed: true,
      error: null,
    };
    const codecs = {
      timing: QUICK,
      lessons: { source: null, note: null, targetBytes: 4096, figures: [] },
      withWeights: [],
    };
    const [, , ok] = bundleTables(codecs, report);
    expect(ok!.rows.at(-1)).toEqual(['median', '1.00', '5.00', '6.00', 'loaded']);
    expect(ok!.notes.join(' ')).not.toMatch(/FAILED|NOT confirmed/);
    const unconfirmed = { ...report, rounds: [round(5, false)], weightsConfirmed: false };
    expect(bundleTables(codecs, unconfirmed)[2]!.notes.join(' ')).toMatch(/NOT confirmed/);
    const failed = { ...unconfirmed, rounds: [round(5, false, 'bad shapes')] };
    const failedTable = bundleTables(codecs, failed)[2]!;
    expect(failedTable.rows[0]!.at(-1)).toBe('FAILED');
    expect(failedTable.notes.at(-1)).toBe('The app could not load the weights: bad shapes');
    expect(bundleTables(codecs, noImport)[2]!.notes.at(-1)).toBe(`FAILED: ${noImport.error}`);
  });
});

describe('formatting', () => {
  it('writes sizes 1024-based and times with up to two decimals', () => {
    expect([fmtBytes(900), fmtBytes(4096), fmtBytes(3 * 1024 * 1024)]).toEqual([
      '900 B',
      '4.0 KB',
      '3.00 MB',
    ]);
    const ms = (medianMs: number) => fmtMs({ medianMs, rounds: 1 });
    expect([ms(0.123), ms(12.34), ms(321.6), fmtMs(null), ms(NaN)]).toEqual([
      '0.12',
      '12.3',
      '322',
      '-',
      '-',
    ]);
  });
});

describe('importLink', () => {
  it('is a #url= link the app reads back as the file address and its sha256', () => {
    const sha256 = 'ab'.repeat(32);
    const fileUrl = 'http://localhost:4184/bundles/small-cnn.gradlab.zip';
    const link = importLink('http://localhost:4183/#/', fileUrl, sha256);
    expect(link.startsWith('http://localhost:4183/?backend=cpu#url=')).toBe(true);
    const payload = decodeLink(link.slice(link.indexOf('#')));
    expect(payload.ok && payload.value).toEqual({ kind: 'url', url: fileUrl, sha256 });
  });
});
