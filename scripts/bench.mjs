/**
 * `npm run bench` (after `vite build` of the app): builds the benchmark page (scripts/bench), serves
 * it and the app's dist/ with `vite preview`, and in headless Chromium measures, per backend:
 * samples/s of our training loop against a bare model.fit on the same backend in the same worker,
 * the app's default job with the UI open against the same job run headless, and the stored
 * MNIST-10k loaded from IndexedDB to tensors, and LeNet trained on it from there (samples/s and the
 * time to the first batch); then, once, the decode of a full-size MNIST sprite; then the bundles
 * (issue 5): each shipped lesson's link size, encode and decode times, and the import of a bundle
 * with MNIST-10k CNN weights to a ready notebook; and Lighthouse's performance score of the home
 * page and the playground, default mobile settings (scripts/bench/lighthouse.mjs), and their cold
 * first load with that throttling applied: bytes, FCP, LCP, TBT against the issue's targets
 * (scripts/bench/first-load.ts).
 * Prints tables and writes bench-results/bench.json. A backend that fails is reported, not fatal.
 * First, in Node, the wasm CPU path: a LeNet-5 and an MLP training step timed per kernel, against
 * Keras on the same machine (scripts/bench/cpu-path.ts).
 * Then the sequence figures (issue 16, scripts/bench/sequences.ts): the transformer preset on names
 * against the bigram baseline on wasm, with the names it writes per epoch, and tokens/s of the
 * text presets per backend, ours against model.fit, with the tensor count per epoch.
 * Then sweep throughput (issue 17, scripts/bench/sweep.mjs): a 12-run sweep of the default job on
 * the workers the app chooses against the same runs one after another, per backend, with the
 * page's long tasks counted.
 * Then dataset versions (issue 18, scripts/bench/relabel*.ts): relabelling one example of
 * MNIST-10k through the app's data worker, the time to the new version and the bytes it adds.
 * Then webcam capture (issue 18, scripts/bench/capture.mjs): 64 x 64 RGB frames recorded on the
 * capture page from Chromium's fake camera, frames/s and the page's long tasks.
 * `node scripts/bench.mjs --only=bundles` (or `--only=lighthouse`, `--only=first-load`,
 * `--only=cpu-path`, `--only=ui-cost`, `--only=sequences`, `--only=sweep`, `--only=relabel`,
 * `--only=capture`) runs that section alone and updates only `bundles` (or `lighthouse`,
 * `firstLoad`, `cpuPath`, `uiCost`, `sequences`, `sweep`, `relabel`, `capture`) in bench.json;
 * `--only=backends` runs the per-backend section (and wasm on one thread) and updates `results`
 * and the wasm threads' figures;
 * `--backend=wasm,cpu` limits the per-backend sections to those backends.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import { tsImport } from 'tsx/esm/api';
import { build, preview } from 'vite';
import { lighthouseTable, measureLighthouse } from './bench/lighthouse.mjs';
import { captureTable, measureCapture } from './bench/capture.mjs';
import { measureSweep, sweepTable } from './bench/sweep.mjs';
import { measureUiCost, uiCostTable } from './bench/ui-cost.mjs';
import { CHROMIUM_FLAGS, chromiumExecutablePath } from './chromium.mjs';

/* global window -- in page.evaluate */

const BENCH_CONFIG = 'scripts/bench/vite.config.ts';
const RESULTS = 'bench-results/bench.json';
const BACKEND_TIMEOUT_MS = 300_000;
/** UI_ROUNDS pairs of runs of up to about 30 s each, and both pages' start. */
const UI_COST_TIMEOUT_MS = 600_000;

/**
 * Timed epochs per backend and workload (after one warm-up epoch), sized so that one timed run
 * takes a few seconds: software WebGPU costs ~45 ms a batch, so it gets fewer. `appJob` is used
 * both in the app (UI open) and headless, in runs of 10 to 25 s on two cores: a run in the app
 * always shows two or three frames at its start (Train's answer, "running", the fresh model's
 * boundary), which a machine that composites with SwiftShader takes 150-550 ms each to present, so
 * a run of a few seconds would count those alone as a tenth of the UI's cost. Each measurement is
 * the best of ROUNDS timed runs.
 */
const PLANS = {
  webgpu: { defaultMlp: 8, mnistMlp: 1, appJob: 24 },
  webgl: { defaultMlp: 16, mnistMlp: 3, appJob: 80 },
  wasm: { defaultMlp: 200, mnistMlp: 5, appJob: 800 },
  cpu: { defaultMlp: 160, mnistMlp: 1, appJob: 800 },
};
const ROUNDS = 3;
/**
 * Rounds of the UI-cost pairs: the verdict is the median of the rounds' ratios, and single runs on
 * a shared two-core host vary by a tenth to a third from one to the next, so seven: three rounds
 * thrown off on the same side still leave the median to the others.
 */
const UI_ROUNDS = 7;
/**
 * Training examples of the CNN's one cold epoch per backend (batch 64), sized for about 5 to 20 s
 * on a 2-core machine with software WebGPU and WebGL.
 */
const CNN_SAMPLES = { webgpu: 256, webgl: 1280, wasm: 9600, cpu: 1280 };

/** The shipped file the app build writes, and where the bench page's server serves its data. */
const SHIPPED_MNIST = 'dist/datasets/mnist-10k.gds.gz';
const SITE_DATA = 'bench-results/site/data';
/** Kept between runs: the sprite takes ~15 s to make and only changes with its generator. */
const SPRITE_CACHE = 'bench-results/full-mnist';
/** Timed loads of MNIST-10k per backend (about a second each at most) and full-sprite decodes. */
const LOAD_ROUNDS = 5;
const SPRITE_ROUNDS = 3;

async function serve(configFile, port) {
  const server = await preview({ configFile, logLevel: 'warn', preview: { port } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`vite preview of ${configFile} gave no URL`);
  return { server, url };
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Loop against fit and the app's job, in the bench page's worker. Never throws. */
async function headless(browser, siteUrl, plan) {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [${plan.backend}] ${message.text()}`));
  try {
    await page.goto(siteUrl);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const run = page.evaluate((p) => window.runBench(p), plan);
    return await withTimeout(run, BACKEND_TIMEOUT_MS, `${plan.backend} bench`);
  } catch (error) {
    const none = { backend: null, adapter: null, reason: '', workloads: [] };
    return { requested: plan.backend, ...none, datasetLoad: null, cnn: null, error: error.message };
  } finally {
    await page.close();
  }
}

/** Copies the shipped MNIST-10k and a full-size sprite (made once, then cached) to the bench site. */
async function prepareData() {
  if (!existsSync(SHIPPED_MNIST)) {
    throw new Error(
      `${SHIPPED_MNIST} is missing: run \`npm run build\` first (npm run bench does)`,
    );
  }
  const { ensureFullSprite } = await tsImport('./bench/full-sprite.ts', import.meta.url);
  console.log('Preparing the 784 x 65,000 MNIST sprite (made once, ~15 s; then reused)…');
  const sprite = ensureFullSprite(SPRITE_CACHE);
  console.log(`  ${sprite.written ? 'made' : 'reused'} ${sprite.images}`);
  await mkdir(SITE_DATA, { recursive: true });
  await Promise.all([
    copyFile(SHIPPED_MNIST, `${SITE_DATA}/mnist-10k.gds.gz`),
    copyFile(sprite.images, `${SITE_DATA}/mnist_images.png`),
    copyFile(sprite.labels, `${SITE_DATA}/mnist_labels_uint8`),
  ]);
}

/** The full-MNIST decode in the bench page's decode worker. Never throws. */
async function spriteDecode(browser, siteUrl) {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [decode] ${message.text()}`));
  const plan = {
    imagesUrl: new URL('data/mnist_images.png', siteUrl).href,
    labelsUrl: new URL('data/mnist_labels_uint8', siteUrl).href,
    rounds: SPRITE_ROUNDS,
  };
  try {
    await page.goto(siteUrl);
    await page.waitForFunction(() => typeof window.runSpriteBench === 'function');
    const run = page.evaluate((p) => window.runSpriteBench(p), plan);
    return await withTimeout(run, BACKEND_TIMEOUT_MS, 'full-MNIST decode');
  } catch (error) {
    return { rounds: [], median: null, medianSeconds: null, error: error.message };
  } finally {
    await page.close();
  }
}

const fmt = (n) =>
  n == null || !Number.isFinite(n) ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(1);
const fmtRatio = (n) => (n == null || !Number.isFinite(n) ? '-' : n.toFixed(2));
const fmtSec = (n) => (n == null || !Number.isFinite(n) ? '-' : n.toFixed(3));
const fmtMB = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const clip = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function printTables(results) {
  const loop = [];
  for (const r of results) {
    const adapter = clip(r.adapter ?? '-', 34);
    for (const w of r.workloads) {
      const t = w.tensors;
      loop.push([
        r.requested,
        adapter,
        w.name,
        String(w.ours.epochs),
        fmt(w.ours.samplesPerSec),
        fmt(w.fit.samplesPerSec),
        fmtRatio(w.ratio),
        `${t.before}→${t.after} (${t.ourFirstEpoch}/${t.ourLastEpoch})`,
      ]);
    }
  }
  console.log('\nOur loop against a bare model.fit (samples/s; ratio > 1: ours faster)');
  console.log(
    table(
      ['backend', 'adapter', 'workload', 'epochs', 'ours/s', 'fit/s', 'ours/fit', 'tensors'],
      loop,
    ),
  );
  console.log('tensors: numTensors before→after the workload (after our first/last epoch)');
  const failures = results.filter((r) => r.error);
  for (const r of failures) console.log(`\n${r.requested} FAILED: ${r.error}`);
}

function printUiCost(reports) {
  const t = uiCostTable(reports);
  console.log(`\n${t.title}`);
  console.log(table(t.header, t.rows));
  for (const note of t.notes) console.log(note);
}

/**
 * The wasm backend on the threads the machine gives it against one thread: the 784-128-10 MLP
 * (our loop) and LeNet-5 (after its first batch), from the wasm run and a second run limited to
 * one thread (plan.wasmThreads).
 */
function wasmThreadsTable(many, one) {
  const mlp = (r) => r?.workloads.find((w) => w.name === '784-128-10 MLP')?.ours.samplesPerSec;
  const lenet = (r) => r?.cnn?.afterFirstBatchPerSec;
  const rows = [
    ['784-128-10 MLP, batch 128', mlp],
    ['LeNet-5 on MNIST-10k, batch 64', lenet],
  ].map(([job, rate]) => {
    const [a, b] = [rate(many), rate(one)];
    return [job, fmt(b), fmt(a), a && b ? `${(a / b).toFixed(2)}x` : '-'];
  });
  return {
    title: `wasm threads: ${many?.adapter ?? 'wasm'} against one thread (samples/s)`,
    header: ['job', '1 thread', 'threads', 'speed-up'],
    rows,
    notes: [
      `${os.cpus().length} logical cores. TF.js hands its thread pool to XNNPACK's convolutions, ` +
        'not to its matrix products, so an MLP gains little or nothing from threads.',
    ],
  };
}

function printCnnTable(results) {
  const rows = results.map((r) => {
    const c = r.cnn;
    const t = c?.tensors;
    const note = !c ? 'backend did not start' : c.error ? `FAILED: ${c.error}` : '';
    return [
      r.requested,
      String(c?.samples ?? '-'),
      fmt(c?.samplesPerSec),
      fmt(c?.afterFirstBatchPerSec),
      fmtSec(c?.firstBatchSeconds),
      c?.firstBatch ? `${c.firstBatch.batch} / ${c.firstBatch.loss.toFixed(3)}` : '-',
      fmtSec(c?.loadSeconds),
      fmtSec(c?.createSeconds),
      t ? `${t.before}→${t.after} (${t.epochEnd})` : '-',
      note,
    ];
  });
  console.log(
    "\nLeNet-5 CNN on MNIST-10k from the cache (the worker's loader + TrainingSession; adam 0.001," +
      ' batch 64, one cold epoch, no validation)',
  );
  console.log(
    table(
      [
        'backend',
        'samples',
        'samples/s',
        'after 1st/s',
        '1st batch s',
        'batches/loss',
        'load s',
        'create s',
        'tensors',
        'note',
      ],
      rows,
    ),
  );
  console.log(
    'samples/s: start() to epochEnd, kernel compilation included; after 1st/s: the samples after' +
      ' the first progress event over the time after it.\n1st batch: start() to the first progress' +
      ' event, i.e. until the loss of the first batch(es) it names was read back from the device' +
      ' (not just queued); load: IndexedDB to Dataset; create: upload + model build.\ntensors:' +
      ' numTensors before loading→after disposing the session (at epochEnd).',
  );
}

function printDatasetTables(results, sprite) {
  const loads = results.map((r) => {
    const d = r.datasetLoad;
    const verdict = !d
      ? ''
      : d.error
        ? `FAILED: ${d.error}`
        : d.medianSeconds < d.targetSeconds
          ? 'ok'
          : 'over';
    return [
      r.requested,
      fmtSec(d?.medianSeconds),
      fmtSec(d?.medianRead),
      fmtSec(d?.medianUpload),
      d ? d.rounds.map((x) => fmtSec(x.total)).join(' ') : '-',
      d ? `< ${d.targetSeconds} s: ${verdict}` : 'backend did not start',
    ];
  });
  console.log(
    `\nMNIST-10k from the cache to tensors (IndexedDB read + decodePacked + toDataset, then upload` +
      ` of x and labels; median of ${LOAD_ROUNDS}, seconds)`,
  );
  console.log(table(['backend', 'median', 'read+decode', 'upload', 'rounds', 'target'], loads));
  console.log(
    `\nFull-MNIST decode time (784 x 65,000 PNG sprite + 650,000-byte labels, in a worker;` +
      ` median of ${SPRITE_ROUNDS}, seconds)`,
  );
  if (sprite.error) {
    console.log(`FAILED: ${sprite.error}`);
    return;
  }
  const m = sprite.median;
  const row = [m.total, m.bitmap, m.toPacked, m.encode, m.sha256].map(fmtSec);
  console.log(
    table(
      ['total', 'PNG→RGBA', 'to packed', 'encodePacked', 'sha256', 'rounds'],
      [[...row, sprite.rounds.map((r) => fmtSec(r.total)).join(' ')]],
    ),
  );
  const download = sprite.imagesBytes + sprite.labelsBytes;
  console.log(
    `download: ${fmtMB(download)} (sprite ${fmtMB(sprite.imagesBytes)} + labels ` +
      `${fmtMB(sprite.labelsBytes)}); packed result ${fmtMB(sprite.packedBytes)}. Download time ` +
      'depends on the network and is not measured.',
  );
}

// ---- Bundles (issue 5) -------------------------------------------------------------------------
// Link sizes and codec times in Node (scripts/bench/bundles.ts), import-to-ready in Chromium
// (scripts/bench/bundle-import.ts). The bundle file is served by the bench page's server.

const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const SECTIONS = [
  'backends',
  'bundles',
  'lighthouse',
  'first-load',
  'cpu-path',
  'ui-cost',
  'sequences',
  'sweep',
  'relabel',
  'capture',
];
if (ONLY !== null && !SECTIONS.includes(ONLY)) {
  throw new Error(`--only=${ONLY}: only ${SECTIONS.map((s) => `"${s}"`).join(', ')} are known`);
}
/** `--backend=wasm,cpu`: the per-backend sections run on these only. */
const BACKENDS = Object.keys(PLANS).filter((name) => {
  const only = process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
  return !only || only.split(',').includes(name);
});
/**
 * `--isolated`: the sweep section loads each app page twice first, so the service worker makes it
 * cross-origin isolated (as a returning visitor's is) and wasm runs its threaded build.
 */
const RELOAD = process.argv.includes('--isolated');
const BENCH_SITE = 'bench-results/site';
const IMPORT_ROUNDS = 3;
/** Relabels, each of the version the one before made. */
const RELABEL_ROUNDS = 5;

/**
 * Makes the bundles with MNIST-10k weights and writes the imported one to the bench site (after
 * the bench page's build, which empties that folder). A failure is kept for the report.
 */
async function prepareBundles() {
  try {
    const bundles = await tsImport('./bench/bundles.ts', import.meta.url);
    console.log('Making the bundles with MNIST-10k weights…');
    const made = [];
    for (const plan of bundles.WEIGHTS_BUNDLES) made.push(await bundles.mnistWeightsBundle(plan));
    const imported = made[0];
    const file = await bundles.writeBundleFile(imported.bundle, imported.name, BENCH_SITE);
    return { bundles, made, imported, file, error: null };
  } catch (error) {
    console.log(`  bundles FAILED: ${error.message}`);
    return { error: error.message };
  }
}

/** Import-to-ready of the prepared file in fresh contexts. Never throws. */
async function bundleImport(browser, appUrl, siteUrl, prepared) {
  if (prepared.error) return null;
  console.log('\n== bundle import');
  const plan = {
    appUrl,
    fileUrl: new URL(prepared.file.path, siteUrl).href,
    sha256: prepared.file.sha256,
    bundle: `MNIST-10k + ${prepared.imported.name} weights`,
    fileBytes: prepared.file.bytes,
    rounds: IMPORT_ROUNDS,
  };
  try {
    const { measureBundleImport } = await tsImport('./bench/bundle-import.ts', import.meta.url);
    return await measureBundleImport(browser, plan);
  } catch (error) {
    const none = { link: '', rounds: [], median: null, weightsConfirmed: false };
    return { bundle: plan.bundle, fileBytes: plan.fileBytes, ...none, error: error.message };
  }
}

/** Codec figures (timed here, with the browser closed), the tables, and bench.json's `bundles`. */
async function bundleSection(prepared, imported) {
  if (prepared.error) {
    console.log(`\nBundles FAILED: ${prepared.error}`);
    return { error: prepared.error };
  }
  console.log('\n== bundle codecs');
  const { bundles } = prepared;
  const codecs = await bundles.measureCodecs(bundles.findLessons(), prepared.made);
  for (const t of bundles.bundleTables(codecs, imported)) {
    console.log(`\n${t.title}`);
    console.log(table(t.header, t.rows));
    for (const note of t.notes) console.log(note);
  }
  return { date: new Date().toISOString(), ...codecs, import: imported };
}

/** `--only=<section>`: replaces that section in the last bench.json, keeping its other figures. */
async function mergeSection(key, report) {
  const previous = existsSync(RESULTS) ? JSON.parse(await readFile(RESULTS, 'utf8')) : {};
  await mkdir('bench-results', { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify({ ...previous, [key]: report }, null, 2)}\n`);
  console.log(`\nUpdated ${key} in ${RESULTS}`);
}
// ---- end of Bundles -----

// ---- Sequences (issue 16) ----------------------------------------------------------------------

/**
 * Examples per timed epoch of each text preset, epochs per run (two, so the tensor count after the
 * first and the last can differ) and rounds, per backend: a few seconds a run on a 2-core machine.
 */
const SEQUENCE_PLANS = {
  // Two rounds of 4 batches an epoch: one round of 2 let a run's fixed costs swing the ratio.
  webgpu: { examples: 256, epochs: 2, rounds: 2 },
  webgl: { examples: 256, epochs: 2, rounds: 2 },
  wasm: { examples: 512, epochs: 2, rounds: 2 },
  cpu: { examples: 256, epochs: 2, rounds: 1 },
};
/**
 * The race is measured every 10 s of training and runs on past the 60 s target up to 180 s, so a
 * slow machine still says when it won.
 */
const RACE = { everySeconds: 10, limitSeconds: 180 };
const SHIPPED_TEXT = ['names', 'spam'];

/** Copies the app build's packed names and spam to the bench site (after its build empties it). */
async function prepareSequenceData() {
  await mkdir(SITE_DATA, { recursive: true });
  for (const name of SHIPPED_TEXT) {
    const file = `dist/datasets/${name}.gds.gz`;
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    await copyFile(file, `${SITE_DATA}/${name}.gds.gz`);
  }
}

/** Each backend's sequence figures, in a fresh page and worker. Never throws. */
async function sequenceBackends(browser, siteUrl) {
  const reports = [];
  for (const backend of BACKENDS) {
    console.log(`\n== ${backend}: sequences`);
    const page = await browser.newPage();
    page.on('console', (message) => console.log(`  [${backend}] ${message.text()}`));
    const plan = {
      backend,
      namesUrl: new URL('data/names.gds.gz', siteUrl).href,
      spamUrl: new URL('data/spam.gds.gz', siteUrl).href,
      presets: SEQUENCE_PLANS[backend],
      race: backend === 'wasm' ? RACE : null,
    };
    try {
      await page.goto(siteUrl);
      await page.waitForFunction(() => typeof window.runSequenceBench === 'function');
      const run = page.evaluate((p) => window.runSequenceBench(p), plan);
      reports.push(await withTimeout(run, 2 * BACKEND_TIMEOUT_MS, `${backend} sequences`));
    } catch (error) {
      const none = { backend: null, reason: '', presets: [], race: null };
      reports.push({ requested: backend, ...none, error: error.message.split('\n')[0] });
    } finally {
      await page.close();
    }
  }
  return reports;
}

async function printSequenceTables(reports) {
  const { raceTable, tokensTable } = await tsImport('./bench/sequences-report.ts', import.meta.url);
  printSection(raceTable(reports.find((r) => r.requested === 'wasm')));
  printSection(tokensTable(reports));
}
// ---- end of Sequences -----------------------------------------------------------------------------

/** Lighthouse on the app's home page and playground, before the bench's own browser starts. */
async function lighthouseSection(appUrl) {
  console.log('\n== lighthouse');
  const report = await measureLighthouse(appUrl);
  printSection(lighthouseTable(report));
  return report;
}

/** The cold first load of the same pages, throttled as Lighthouse's mobile defaults (issue 14). */
async function firstLoadSection(appUrl) {
  console.log('\n== first load');
  const { measureFirstLoad, firstLoadTable } = await tsImport(
    './bench/first-load.ts',
    import.meta.url,
  );
  const report = await measureFirstLoad(appUrl);
  printSection(firstLoadTable(report));
  return report;
}

/**
 * The wasm CPU path in Node (issue 14): a LeNet-5 and an MLP step per kernel, and Keras on this
 * machine for the ratio (scripts/bench/cpu-path.ts). Before any browser starts, so nothing of the
 * bench's own runs beside it.
 */
async function cpuPathSection() {
  console.log('\n== CPU path (wasm, Node)');
  const { measureCpuPath, cpuPathTables } = await tsImport('./bench/cpu-path.ts', import.meta.url);
  const report = await measureCpuPath();
  for (const t of cpuPathTables(report)) printSection(t);
  return report;
}

function printSection(t) {
  console.log(`\n${t.title}`);
  console.log(table(t.header, t.rows));
  for (const note of t.notes) console.log(note);
}

function machineFacts() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

async function main() {
  const everything = ONLY === null;
  const cpuPath = everything || ONLY === 'cpu-path' ? await cpuPathSection() : undefined;
  if (ONLY === 'cpu-path') {
    await mergeSection('cpuPath', cpuPath);
    return;
  }
  const withBackends = everything || ONLY === 'backends';
  const withSequences = everything || ONLY === 'sequences';
  const withRelabel = everything || ONLY === 'relabel';
  if (withBackends || ONLY === 'ui-cost' || withSequences || withRelabel) {
    console.log('Building the bench page…');
    await build({ configFile: BENCH_CONFIG, logLevel: 'warn' });
  }
  if (withBackends) await prepareData();
  if (withSequences) await prepareSequenceData();
  const relabelBench = withRelabel
    ? await tsImport('./bench/relabel-run.ts', import.meta.url)
    : null;
  if (relabelBench) await relabelBench.prepareRelabel(BENCH_SITE);
  const withBundles = everything || ONLY === 'bundles';
  const preparedBundles = withBundles ? await prepareBundles() : null;
  const app = await serve('vite.config.ts', 4183);
  const site = await serve(BENCH_CONFIG, 4184);
  const lighthouse =
    everything || ONLY === 'lighthouse' ? await lighthouseSection(app.url) : undefined;
  const firstLoad =
    everything || ONLY === 'first-load' ? await firstLoadSection(app.url) : undefined;
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_FLAGS,
  });
  const results = [];
  const uiCost = [];
  let wasmOneThread;
  let sprite;
  let imported;
  let sequences;
  let relabel;
  let capture;
  const sweeps = [];
  const datasetLoad = {
    url: new URL('data/mnist-10k.gds.gz', site.url).href,
    rounds: LOAD_ROUNDS,
  };
  try {
    for (const backend of withBackends ? BACKENDS : []) {
      const epochs = PLANS[backend];
      console.log(`\n== ${backend}`);
      const plan = {
        backend,
        epochs,
        rounds: ROUNDS,
        datasetLoad,
        cnnSamples: CNN_SAMPLES[backend],
      };
      const report = await headless(browser, site.url, plan);
      if (report.error) console.log(`  [${backend}] failed: ${report.error}`);
      results.push(report);
    }
    const wasm = results.find((r) => r.requested === 'wasm');
    if (withBackends && wasm) {
      console.log('\n== wasm on one thread');
      const plan = {
        backend: 'wasm',
        epochs: PLANS.wasm,
        rounds: ROUNDS,
        datasetLoad,
        cnnSamples: CNN_SAMPLES.wasm,
        wasmThreads: 1,
      };
      wasmOneThread = await headless(browser, site.url, plan);
    }
    for (const backend of everything || ONLY === 'ui-cost' ? BACKENDS : []) {
      console.log(`\n== ${backend}: UI open against headless`);
      const plan = { appUrl: app.url, siteUrl: site.url, backend, rounds: UI_ROUNDS };
      const run = measureUiCost(browser, { ...plan, epochs: PLANS[backend].appJob });
      const report = await withTimeout(run, UI_COST_TIMEOUT_MS, `${backend} UI cost`).catch(
        (error) => ({ backend, error: error.message.split('\n')[0] }),
      );
      uiCost.push(report);
    }
    if (everything) {
      console.log('\n== full-MNIST decode');
      sprite = await spriteDecode(browser, site.url);
    }
    if (withBundles) imported = await bundleImport(browser, app.url, site.url, preparedBundles);
    if (withSequences) sequences = await sequenceBackends(browser, site.url);
    if (relabelBench) {
      console.log('\n== relabel one example of MNIST-10k');
      relabel = await relabelBench.measureRelabel(browser, site.url, RELABEL_ROUNDS);
    }
    for (const backend of everything || ONLY === 'sweep' ? BACKENDS : []) {
      console.log(`\n== ${backend}: sweep against one by one`);
      const run = measureSweep(browser, { appUrl: app.url, backend, reload: RELOAD });
      sweeps.push(
        await withTimeout(run, 4 * BACKEND_TIMEOUT_MS, `${backend} sweep`).catch((error) => ({
          backend,
          error: error.message.split('\n')[0],
        })),
      );
    }
    if (everything || ONLY === 'capture') {
      console.log('\n== webcam capture');
      capture = await withTimeout(
        measureCapture(browser, { appUrl: app.url }),
        BACKEND_TIMEOUT_MS,
        'webcam capture',
      ).catch((error) => ({ error: error.message.split('\n')[0] }));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await Promise.all([app.server.close(), site.server.close()]);
  }
  if (capture) printSection(captureTable(capture));
  if (ONLY === 'capture') {
    await mergeSection('capture', { date: new Date().toISOString(), ...capture });
    return;
  }
  if (ONLY === 'bundles') {
    await mergeSection('bundles', await bundleSection(preparedBundles, imported));
    return;
  }
  if (withRelabel) {
    const { relabelTable } = await tsImport('./bench/relabel-report.ts', import.meta.url);
    printSection(relabelTable(relabel));
  }
  if (ONLY === 'relabel') {
    await mergeSection('relabel', {
      date: new Date().toISOString(),
      chromium: browser.version(),
      machine: machineFacts(),
      ...relabel,
    });
    return;
  }
  if (withSequences) await printSequenceTables(sequences);
  if (ONLY === 'sequences') {
    await mergeSection('sequences', {
      date: new Date().toISOString(),
      chromium: browser.version(),
      plans: SEQUENCE_PLANS,
      reports: sequences,
    });
    return;
  }
  if (ONLY === 'lighthouse') {
    await mergeSection('lighthouse', lighthouse);
    return;
  }
  if (everything || ONLY === 'sweep') printSection(sweepTable(sweeps));
  if (ONLY === 'sweep') {
    // A run on some backends (--backend=) keeps the others' last figures.
    const previous = existsSync(RESULTS) ? JSON.parse(await readFile(RESULTS, 'utf8')).sweep : null;
    const kept = (previous?.reports ?? []).filter(
      (r) => !sweeps.some((s) => s.backend === r.backend),
    );
    await mergeSection('sweep', {
      date: new Date().toISOString(),
      chromium: browser.version(),
      machine: machineFacts(),
      reports: [...kept, ...sweeps.map((r) => ({ ...r, date: new Date().toISOString() }))],
    });
    return;
  }
  if (ONLY === 'first-load') {
    await mergeSection('firstLoad', firstLoad);
    return;
  }
  printUiCost(uiCost);
  if (ONLY === 'ui-cost') {
    await mergeSection('uiCost', uiCost);
    return;
  }
  printTables(results);
  printCnnTable(results);
  const threads = wasmThreadsTable(
    results.find((r) => r.requested === 'wasm'),
    wasmOneThread,
  );
  printSection(threads);
  if (ONLY === 'backends') {
    await mergeSection('results', results);
    await mergeSection('wasmOneThread', wasmOneThread);
    await mergeSection('wasmThreads', threads.rows);
    return;
  }
  printDatasetTables(results, sprite);
  const bundles = await bundleSection(preparedBundles, imported);
  const json = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    machine: machineFacts(),
    plans: PLANS,
    cnnSamples: CNN_SAMPLES,
    rounds: ROUNDS,
    results,
    wasmOneThread,
    wasmThreads: threads.rows,
    uiCost,
    cnn: {
      what:
        'LeNet-5 (lenetSpec(10)), one cold epoch on the first N examples of the stored MNIST-10k: ' +
        "the training worker's loader, TrainingSession.create, start(); adam 0.001, batch 64, " +
        'no validation',
      firstBatch: 'start() to the first progress event: batch 1 trained and its loss read back',
      details: 'results[].cnn',
      samplesPerSec: Object.fromEntries(
        results.map((r) => [r.requested, r.cnn?.samplesPerSec ?? null]),
      ),
      afterFirstBatchPerSec: Object.fromEntries(
        results.map((r) => [r.requested, r.cnn?.afterFirstBatchPerSec ?? null]),
      ),
      firstBatchSeconds: Object.fromEntries(
        results.map((r) => [r.requested, r.cnn?.firstBatchSeconds ?? null]),
      ),
    },
    datasets: {
      cacheToTensors: {
        what: 'MNIST-10k: IndexedDB chunk read + decodePacked + toDataset + upload of x and labels',
        details: 'results[].datasetLoad',
        rounds: LOAD_ROUNDS,
        targetSeconds: 1,
        medianSeconds: Object.fromEntries(
          results.map((r) => [r.requested, r.datasetLoad?.medianSeconds ?? null]),
        ),
      },
      fullMnistDecode: {
        what: 'decodeSprite + spriteDataset + encodePacked + sha256 of a 784 x 65,000 sprite',
        note: 'download time depends on the network and is not measured',
        ...sprite,
      },
    },
    bundles,
    lighthouse,
    firstLoad,
    cpuPath,
    sequences: { plans: SEQUENCE_PLANS, reports: sequences },
    sweep: { reports: sweeps },
    relabel,
    capture,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${RESULTS}`);
  if (results.every((r) => r.error)) process.exitCode = 1;
}

await main();
