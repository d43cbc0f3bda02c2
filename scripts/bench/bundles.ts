/**
 * The bundle figures of `npm run bench` (issue 5) that need no browser: the inline link size of
 * each shipped lesson against its 4 KB target, and the encode and decode times of links and
 * `.gradlab.zip` files, for the lessons and for bundles that carry MNIST-10k model weights inline.
 * Encoding is what the share dialog does (canonical JSON, then deflate + base64url, or the ZIP);
 * decoding is `readBundle`, the path a link or a file takes when the app opens it (inflate or
 * unzip, JSON parse, validation, id check). Also makes the bundle file whose import the browser
 * part times (bundle-import.ts), and lays every figure out as tables for bench.mjs to print.
 *
 * The weights are real TF.js weights of the model built from its spec, but the seeded initial
 * ones, not trained: training in Node would take minutes, and trained float32 weights have the
 * same byte count and much the same entropy, so they deflate alike. The run's epoch metrics are
 * illustrative for the same reason.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_VERSION } from '../../src/app-version';
import { canonicalJson } from '../../src/core/bundle/canonical';
import { contentId } from '../../src/core/bundle/content-id';
import { encodeBundleFile } from '../../src/core/bundle/file';
import { encodeInlineLink } from '../../src/core/bundle/link';
import {
  BUNDLE_TYPE,
  SCHEMA_VERSION,
  type Bundle,
  type InlineWeights,
  type RunRecord,
} from '../../src/core/bundle/schema';
import { validateBundle } from '../../src/core/bundle/validate';
import { sha256Hex } from '../../src/core/hash';
import { buildModel } from '../../src/engine/model/build';
import { exportLayersModel } from '../../src/engine/model/export-tfjs';
import { inferModel } from '../../src/core/model/inference';
import { lenetSpec, smallCnnSpec } from '../../src/core/model/presets';
import type { ModelSpec } from '../../src/core/model/spec';
import { err, ok, type Result } from '../../src/core/result';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/core/train/config';
import { readBundle } from '../../src/core/bundle/read';
import { inlineWeightsOf } from '../../src/features/share/inline-weights';
import type { ImportReport, ImportRound } from './bundle-import';
import { median } from './stats';
import { isRecord } from '../../src/core/is-record';

/** What a shipped lesson's inline link (without weights) must stay under, in bytes. */
export const LESSON_LINK_TARGET_BYTES = 4096;
/** Where the built app has the lessons, then where their sources are before a build. */
export const LESSON_DIRS = ['dist/lessons', 'public/lessons'] as const;

const MNIST_INPUT = [28, 28, 1];
const SEED = 1;
const CREATED_AT = '2026-01-01T00:00:00.000Z';
const DATASET_KEY = 'mnist';
const CELL_ID = 'experiment';
const RUN_ID = 'run-1';

// ---------------------------------------------------------------------------------------------
// Shipped lessons

export interface LessonRef {
  slug: string;
  /** A plain file name inside the lessons folder. */
  file: string;
  title: string;
}

const LESSON_FILE = /^[a-z0-9-]{1,64}\.json$/;

/**
 * The lessons `index.json` lists, in its order. Only `slug`, `file` and `title` are read, so the
 * bench keeps working while the index gains fields; a file name that could leave the folder is
 * refused.
 */
export function lessonRefsOf(index: unknown): Result<LessonRef[], Error> {
  if (!Array.isArray(index)) return err(new Error('index.json is not a list'));
  const refs: LessonRef[] = [];
  for (const [i, entry] of (index as unknown[]).entries()) {
    if (!isRecord(entry) || typeof entry.slug !== 'string' || typeof entry.file !== 'string') {
      return err(new Error(`index.json entry ${i} has no slug and file`));
    }
    if (!LESSON_FILE.test(entry.file)) {
      return err(new Error(`index.json entry ${i} names the file "${entry.file.slice(0, 80)}"`));
    }
    const title = typeof entry.title === 'string' ? entry.title : entry.slug;
    refs.push({ slug: entry.slug, file: entry.file, title });
  }
  return ok(refs);
}

export interface FoundLesson extends LessonRef {
  /** The parsed bundle file, or null when it could not be read (see `error`). */
  json: unknown;
  error: string | null;
}

export interface FoundLessons {
  /** The folder whose index.json was read; null when no folder has one. */
  dir: string | null;
  lessons: FoundLesson[];
  /** Why there are no lessons to measure, when there are none. */
  note: string | null;
}

/** The lessons of the first of `dirs` that has an index.json; never throws. */
export function findLessons(dirs: readonly string[] = LESSON_DIRS): FoundLessons {
  const dir = dirs.find((d) => existsSync(join(d, 'index.json')));
  if (dir === undefined) {
    return { dir: null, lessons: [], note: `no lessons (no index.json in ${dirs.join(' or ')})` };
  }
  let refs: Result<LessonRef[], Error>;
  try {
    refs = lessonRefsOf(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  } catch (error) {
    refs = err(error instanceof Error ? error : new Error(String(error)));
  }
  if (!refs.ok) return { dir, lessons: [], note: `no lessons: ${refs.error.message}` };
  const lessons = refs.value.map((ref): FoundLesson => {
    try {
      return { ...ref, json: JSON.parse(readFileSync(join(dir, ref.file), 'utf8')), error: null };
    } catch (error) {
      return { ...ref, json: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  return { dir, lessons, note: lessons.length === 0 ? 'no lessons (index.json is empty)' : null };
}

// ---------------------------------------------------------------------------------------------
// Bundles with MNIST-10k weights

export interface WeightsBundlePlan {
  name: string;
  what: string;
  spec: ModelSpec;
}

/**
 * The app's default model for MNIST (the small CNN, whose bundle the browser part imports), the
 * other CNN preset, and a wide MLP for a bundle of a few megabytes, where the codecs' cost shows.
 */
export const WEIGHTS_BUNDLES: readonly WeightsBundlePlan[] = [
  { name: 'small-cnn', what: "the app's default model for MNIST", spec: smallCnnSpec(10) },
  { name: 'lenet-5', what: 'the LeNet-5 preset', spec: lenetSpec(10) },
  {
    name: 'mlp-512-256',
    what: 'an MLP 784-512-256-10, for a multi-megabyte bundle',
    spec: {
      layers: [
        { type: 'flatten' },
        { type: 'dense', units: 512, activation: 'relu' },
        { type: 'dense', units: 256, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
  },
];

export interface WeightsBundle {
  name: string;
  what: string;
  bundle: Bundle;
  params: number;
  /** Bytes of the weights before base64. */
  weightBytes: number;
}

/** The model's weights as the share dialog puts them in a bundle (TF.js save, then inline). */
async function inlineWeightsFor(spec: ModelSpec): Promise<InlineWeights> {
  await tf.ready();
  const model = buildModel(spec, MNIST_INPUT, SEED);
  try {
    const { modelJson, weights } = await exportLayersModel(model);
    const inline = inlineWeightsOf(modelJson, weights);
    if (inline === null) throw new Error('inlineWeightsOf refused the exported model');
    return inline;
  } finally {
    model.dispose();
  }
}

/** A plausible short run: the numbers only have to look like a record, not to be true. */
const EPOCHS = [
  { epoch: 1, trainLoss: 0.6124, trainAccuracy: 0.8237, validationLoss: 0.3381 },
  { epoch: 2, trainLoss: 0.2915, trainAccuracy: 0.9142, validationLoss: 0.2634 },
  { epoch: 3, trainLoss: 0.2231, trainAccuracy: 0.9356, validationLoss: 0.2187 },
].map((e) => ({ ...e, validationAccuracy: 0.94 - e.validationLoss / 10 }));

/**
 * One markdown cell and one experiment on the shipped MNIST-10k, one run of it and that run's
 * weights inline, with its content id; checked by `validateBundle` (throws if the app would refuse
 * it, which would be a bug here).
 */
export async function mnistWeightsBundle(plan: WeightsBundlePlan): Promise<WeightsBundle> {
  const summary = inferModel(plan.spec, MNIST_INPUT);
  if (!summary.ok) throw summary.error;
  const weights = await inlineWeightsFor(plan.spec);
  const config: Required<TrainConfig> = {
    ...DEFAULT_CONFIG,
    learningRate: 0.001,
    batchSize: 64,
    epochs: EPOCHS.length,
    validationSplit: 0.1,
    seed: SEED,
  };
  const run: RunRecord = {
    id: RUN_ID,
    cellId: CELL_ID,
    datasetKey: DATASET_KEY,
    spec: plan.spec,
    config,
    backend: 'cpu',
    adapter: null,
    seed: SEED,
    epochs: EPOCHS,
    durationMs: 41_250,
    samplesPerSec: 654,
    appVersion: APP_VERSION,
    createdAt: CREATED_AT,
    weightsKey: RUN_ID,
  };
  const bundle: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: '',
    parent: null,
    version: 1,
    createdAt: CREATED_AT,
    app: { version: APP_VERSION },
    notebook: {
      title: `MNIST-10k, ${plan.name} with its weights`,
      authors: ['Gradlab bench'],
      cells: [
        {
          type: 'markdown',
          id: 'intro',
          text: `Digits from MNIST-10k and ${plan.what}, trained for ${EPOCHS.length} epochs.`,
        },
        {
          type: 'experiment',
          id: CELL_ID,
          dataset: DATASET_KEY,
          model: plan.spec,
          config,
          views: ['curves', 'confusion'],
        },
      ],
    },
    datasets: { [DATASET_KEY]: { kind: 'shipped', name: 'mnist-10k' } },
    runs: [run],
    weights: { [RUN_ID]: weights },
  };
  bundle.id = await contentId(bundle);
  const checked = validateBundle(JSON.parse(canonicalJson(bundle)));
  if (!checked.ok) throw checked.error;
  const weightBytes = Buffer.from(weights.data, 'base64').length;
  return {
    name: plan.name,
    what: plan.what,
    bundle,
    params: summary.value.totalParams,
    weightBytes,
  };
}

export interface BundleFileOnDisk {
  /** Relative to the folder it was written in, with `/`. */
  path: string;
  bytes: number;
  sha256: string;
}

/** Writes `bundle` as `<dir>/bundles/<name>.gradlab.zip`, the file a `#url=` link points at. */
export async function writeBundleFile(
  bundle: Bundle,
  name: string,
  dir: string,
): Promise<BundleFileOnDisk> {
  const bytes = encodeBundleFile(canonicalJson(bundle), {});
  const path = `bundles/${name}.gradlab.zip`;
  await mkdir(join(dir, 'bundles'), { recursive: true });
  await writeFile(join(dir, path), bytes);
  return { path, bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

// ---------------------------------------------------------------------------------------------
// Timing

export interface TimingPlan {
  /** Untimed runs first: JIT tiering and the first allocation of big buffers. */
  warmup: number;
  rounds: number;
  /** Timed rounds stop early past this many milliseconds, once `minRounds` are done. */
  budgetMs: number;
  minRounds: number;
}

/** 50 rounds where a run takes a millisecond, fewer (at least 5) for multi-megabyte bundles. */
export const CODEC_TIMING: TimingPlan = { warmup: 3, rounds: 50, budgetMs: 3000, minRounds: 5 };

export interface Timing {
  medianMs: number;
  rounds: number;
}

export async function timeMedian(
  run: () => unknown,
  plan: TimingPlan = CODEC_TIMING,
  clock: () => number = () => performance.now(),
): Promise<Timing> {
  for (let i = 0; i < plan.warmup; i++) await run();
  const times: number[] = [];
  const start = clock();
  while (times.length < plan.rounds) {
    if (times.length >= plan.minRounds && clock() - start >= plan.budgetMs) break;
    const t0 = clock();
    await run();
    times.push(clock() - t0);
  }
  return { medianMs: median(times), rounds: times.length };
}

// ---------------------------------------------------------------------------------------------
// Codec figures

export interface CodecFigures {
  name: string;
  /** UTF-8 bytes of the canonical JSON. */
  jsonBytes: number;
  /** `encodeInlineLink(canonicalJson(bundle)).bytes`: the `#b=...` fragment, `#b=` included. */
  linkBytes: number;
  /** canonicalJson + deflate + base64url. */
  encodeLink: Timing | null;
  /** `readBundle` of the fragment: decodeLink (base64url, inflate, JSON parse), validation, id. */
  decodeLink: Timing | null;
  fileBytes: number;
  /** canonicalJson + `encodeBundleFile`. */
  encodeFile: Timing | null;
  /** `readBundle` of the file: unzip, JSON parse, validation, id. */
  decodeFile: Timing | null;
  /** Why a figure is missing: the app refused the bundle, its link or its file. */
  error: string | null;
}

const FILE_NAME = 'bench.gradlab.zip';

/** Encode and decode figures of one bundle; a refusal by the app is reported, not thrown. */
export async function codecFigures(
  name: string,
  bundle: unknown,
  plan: TimingPlan = CODEC_TIMING,
): Promise<CodecFigures> {
  const json = canonicalJson(bundle);
  const link = encodeInlineLink(json);
  const file = encodeBundleFile(json, {});
  const figures: CodecFigures = {
    name,
    jsonBytes: new TextEncoder().encode(json).length,
    linkBytes: link.bytes,
    encodeLink: null,
    decodeLink: null,
    fileBytes: file.length,
    encodeFile: null,
    decodeFile: null,
    error: null,
  };
  const fromLink = () => readBundle({ kind: 'link', hash: link.fragment });
  const fromFile = () =>
    readBundle({
      kind: 'file',
      name: FILE_NAME,
      blob: new Blob([file as Uint8Array<ArrayBuffer>]),
    });
  const problems: string[] = [];
  figures.encodeLink = await timeMedian(() => encodeInlineLink(canonicalJson(bundle)), plan);
  figures.encodeFile = await timeMedian(() => encodeBundleFile(canonicalJson(bundle), {}), plan);
  const linkRead = await fromLink();
  if (linkRead.ok) figures.decodeLink = await timeMedian(fromLink, plan);
  else problems.push(`link refused: ${linkRead.error.message}`);
  const fileRead = await fromFile();
  if (fileRead.ok) figures.decodeFile = await timeMedian(fromFile, plan);
  else problems.push(`file refused: ${fileRead.error.message}`);
  figures.error = problems.length === 0 ? null : problems.join('; ');
  return figures;
}

export interface LessonFigures extends CodecFigures {
  slug: string;
  title: string;
  /** linkBytes < LESSON_LINK_TARGET_BYTES. */
  withinTarget: boolean;
}

export interface WeightsFigures extends CodecFigures {
  what: string;
  params: number;
  weightBytes: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function lessonFigures(lesson: FoundLesson): Promise<LessonFigures> {
  const base = { slug: lesson.slug, title: lesson.title };
  const failed = (error: string): LessonFigures => ({
    ...base,
    name: lesson.slug,
    jsonBytes: 0,
    linkBytes: 0,
    encodeLink: null,
    decodeLink: null,
    fileBytes: 0,
    encodeFile: null,
    decodeFile: null,
    error,
    withinTarget: false,
  });
  if (lesson.error !== null) return failed(lesson.error);
  try {
    const figures = await codecFigures(lesson.slug, lesson.json);
    return {
      ...base,
      ...figures,
      withinTarget: figures.linkBytes < LESSON_LINK_TARGET_BYTES,
    };
  } catch (error) {
    return failed(messageOf(error));
  }
}

export interface CodecReport {
  timing: TimingPlan;
  lessons: {
    source: string | null;
    note: string | null;
    targetBytes: number;
    figures: LessonFigures[];
  };
  withWeights: WeightsFigures[];
}

/** Every lesson's and weights bundle's figures, one after another (never two timed at once). */
export async function measureCodecs(
  found: FoundLessons,
  bundles: readonly WeightsBundle[],
): Promise<CodecReport> {
  const lessons: LessonFigures[] = [];
  for (const lesson of found.lessons) lessons.push(await lessonFigures(lesson));
  const withWeights: WeightsFigures[] = [];
  for (const b of bundles) {
    const figures = await codecFigures(b.name, b.bundle);
    withWeights.push({ ...figures, what: b.what, params: b.params, weightBytes: b.weightBytes });
  }
  return {
    timing: CODEC_TIMING,
    lessons: {
      source: found.dir,
      note: found.note,
      targetBytes: LESSON_LINK_TARGET_BYTES,
      figures: lessons,
    },
    withWeights,
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface BenchTable {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

/** Sizes as people read them: 3.9 KB, 2.71 MB (1024-based, as the app shows them). */
export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** Milliseconds with three significant figures, at most two decimals. */
export function fmtMs(timing: Timing | null): string {
  if (timing === null || !Number.isFinite(timing.medianMs)) return '-';
  const ms = timing.medianMs;
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

const fmtSeconds = (seconds: number | null | undefined) =>
  seconds == null || !Number.isFinite(seconds) ? '-' : seconds.toFixed(2);

const roundsOf = (f: CodecFigures) =>
  [f.encodeLink, f.decodeLink, f.encodeFile, f.decodeFile]
    .map((t) => (t === null ? '-' : String(t.rounds)))
    .join('/');

function lessonTable(report: CodecReport): BenchTable {
  const { lessons } = report;
  const rows = lessons.figures.map((f) => [
    f.slug,
    f.error !== null && f.jsonBytes === 0 ? '-' : String(f.jsonBytes),
    f.error !== null && f.linkBytes === 0 ? '-' : String(f.linkBytes),
    f.linkBytes === 0 ? '-' : f.withinTarget ? 'yes' : 'NO',
    fmtMs(f.encodeLink),
    fmtMs(f.decodeLink),
    f.error ?? '',
  ]);
  const within = lessons.figures.filter((f) => f.withinTarget).length;
  return {
    title:
      `Shipped lessons: inline link without weights (target < ${lessons.targetBytes} bytes;` +
      ` from ${lessons.source ?? 'nowhere'}; median ms)`,
    header: ['lesson', 'JSON bytes', 'link bytes', 'within', 'encode ms', 'decode ms', 'note'],
    rows,
    notes: [
      ...(lessons.note === null ? [] : [lessons.note]),
      ...(rows.length === 0 ? [] : [`${within} of ${rows.length} within the target.`]),
      'link bytes: encodeInlineLink(canonicalJson(bundle)).bytes, the length of the "#b=..."' +
        ' fragment ("#b=" included), which is ASCII; the page address before it is not counted.',
    ],
  };
}

function weightsTable(report: CodecReport): BenchTable {
  const rows = report.withWeights.map((f) => [
    f.name,
    String(f.params),
    fmtBytes(f.weightBytes),
    fmtBytes(f.jsonBytes),
    fmtBytes(f.linkBytes),
    fmtMs(f.encodeLink),
    fmtMs(f.decodeLink),
    fmtBytes(f.fileBytes),
    fmtMs(f.encodeFile),
    fmtMs(f.decodeFile),
    roundsOf(f),
    f.error ?? '',
  ]);
  const { warmup, rounds, budgetMs, minRounds } = report.timing;
  return {
    title: 'Bundles with MNIST-10k weights inline: link and .gradlab.zip (Node, median ms)',
    header: [
      'bundle',
      'params',
      'weights',
      'JSON',
      'link',
      'link enc',
      'link dec',
      'file',
      'file enc',
      'file dec',
      'rounds',
      'note',
    ],
    rows,
    notes: [
      'enc: canonicalJson + deflate-raw level 9 + base64url (link) or + zipSync (file). dec:' +
        ' readBundle, as the app opens it: decode + inflate/unzip + JSON parse + validateBundle +' +
        ' content-id check (SHA-256 of the canonical JSON).',
      `rounds: timed runs of link enc/dec/file enc/dec after ${warmup} untimed, ${rounds} at` +
        ` most, fewer (at least ${minRounds}) past ${budgetMs / 1000} s. Weights are the seeded` +
        ' initial ones of a TF.js model built from the spec (same size as trained ones).',
    ],
  };
}

const weightsWord = (round: ImportRound) =>
  round.weightsConfirmed ? 'loaded' : round.weightsFailure !== null ? 'FAILED' : 'not confirmed';

function importTable(report: ImportReport): BenchTable {
  const rows = report.rounds.map((r, i) => [
    String(i + 1),
    fmtSeconds(r.previewSeconds),
    fmtSeconds(r.openToReadySeconds),
    fmtSeconds(r.totalSeconds),
    weightsWord(r),
  ]);
  const failure = report.rounds.find((r) => r.weightsFailure !== null)?.weightsFailure;
  const m = report.median;
  if (m !== null) {
    rows.push([
      'median',
      fmtSeconds(m.previewSeconds),
      fmtSeconds(m.openToReadySeconds),
      fmtSeconds(m.totalSeconds),
      report.weightsConfirmed ? 'loaded' : 'not confirmed',
    ]);
  }
  return {
    title:
      `Import to ready: ${report.bundle} (${fmtBytes(report.fileBytes)} .gradlab.zip) by a` +
      ' #url= link in a fresh browser context, ?backend=cpu (seconds)',
    header: ['round', 'preview', 'open→ready', 'total', 'weights'],
    rows,
    notes: [
      'preview: page.goto(app/?backend=cpu#url=…&sha256=…) to import.preview visible (app load,' +
        ' fetch, hash check, decode, validation); open→ready: click import.open to the notebook' +
        ' with train.start enabled and cell.weights "loaded" (the shipped MNIST-10k fetched and' +
        ' stored on the way); total: both.',
      ...(report.weightsConfirmed || report.rounds.length === 0
        ? []
        : [
            'weights NOT confirmed: cell.weights did not read "loaded" in time, so open→ready is' +
              ' until train.start was enabled on the notebook page.',
          ]),
      ...(failure == null ? [] : [`The app could not load the weights: ${failure}`]),
      ...(report.error === null ? [] : [`FAILED: ${report.error}`]),
    ],
  };
}

/** The section's tables, in the order bench.mjs prints them. */
export function bundleTables(codecs: CodecReport, imported: ImportReport): BenchTable[] {
  return [lessonTable(codecs), weightsTable(codecs), importTable(imported)];
}
