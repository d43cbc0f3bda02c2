/**
 * The sequence figures of issue 16, in the bench page's worker on the backend it started:
 * - tokens/s of the three text presets (Char-RNN and the 2-layer transformer on names, the LSTM
 *   classifier on spam), our loop against a bare model.fit with the same masked loss, and the
 *   tensor count after our first and last epoch (a leak from the custom layers would grow it);
 * - on wasm, the race: the "Transformer (2 layers)" preset on all the names (context 16, width 64,
 *   4 heads) trained until it beats the bigram baseline's validation loss or a time limit passes,
 *   its validation loss and the names it writes taken every few seconds of training.
 */
import * as tf from '@tensorflow/tfjs';
import { gunzipSync } from 'fflate';
import { decodePacked, toDataset } from '../../src/core/data/packed';
import type { Dataset, SequenceDataset } from '../../src/core/data/dataset';
import { PLAYGROUND } from '../../src/core/experiment/experiment';
import { charRnnSpec, lstmClassifierSpec, transformerSpec } from '../../src/core/model/presets';
import type { ModelSpec } from '../../src/core/model/spec';
import type { TrainJob, WorkerEvent } from '../../src/core/protocol';
import { bigramLoss } from '../../src/core/train/bigram';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/core/train/config';
import { prepareJob, type PreparedJob } from '../../src/core/train/prepare';
import { maskedTokenLoss } from '../../src/engine/train/losses';
import { answerSequenceQuestion } from '../../src/engine/train/sequence-insights';
import { TrainingSession } from '../../src/engine/train/session';
import { compareWithFit } from './measure';
import type { WorkloadReport } from './protocol';
import { unwrap } from './unwrap';

/** Where the page serves the shipped packed files (the app build's dist/datasets). */
export interface SequenceData {
  namesUrl: string;
  spamUrl: string;
}

export interface PresetTokens {
  preset: string;
  dataset: string;
  /** Tokens per example: the context the model reads. */
  context: number;
  workload: WorkloadReport;
  oursTokensPerSec: number;
  fitTokensPerSec: number;
}

/** The model as it stands at one time mark of the race. */
export interface RaceMark {
  /** Training time so far (the pauses to measure and to write names left out). */
  seconds: number;
  /** The epoch under way (1-based) and the batches of it done. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  validationLoss: number;
  samples: string[];
}

export interface RaceReport {
  trainNames: number;
  validationNames: number;
  config: TrainConfig;
  parameters: number;
  bigramLoss: number | null;
  /** Seconds of training between marks. */
  everySeconds: number;
  limitSeconds: number;
  marks: RaceMark[];
  /** The first mark whose validation loss is below the bigram's. */
  beatAt: RaceMark | null;
}

export async function loadShipped(url: string): Promise<Dataset> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return toDataset(unwrap(decodePacked(raw)));
}

const sequenceConfig = (batchSize: number): Required<TrainConfig> => ({
  ...DEFAULT_CONFIG,
  optimizer: 'adam',
  learningRate: 0.003,
  loss: 'sparseCategoricalCrossentropy',
  batchSize,
  validationSplit: 0.1,
  seed: 1,
});

function prepared(
  spec: ModelSpec,
  data: Dataset,
  config: Required<TrainConfig>,
  limit: number,
): PreparedJob {
  const job: TrainJob = {
    experiment: { dataset: { kind: 'shipped', name: 'names' }, model: spec, config, views: [] },
    gridResolution: 0,
    place: PLAYGROUND,
  };
  const rows = Math.min(limit, data.n);
  return unwrap(prepareJob(job, rows < data.n ? firstRowsOf(data, rows) : data));
}

/** The first `rows` examples (the shipped files are shuffled when built, so a fair sample). */
function firstRowsOf(data: Dataset, rows: number): Dataset {
  const width = data.x.length / data.n;
  const x = data.x.slice(0, rows * width);
  switch (data.task) {
    case 'sequence':
      return { ...data, n: rows, x, targets: data.targets.slice(0, rows * width) };
    case 'classification':
      return { ...data, n: rows, x, labels: data.labels.slice(0, rows) };
    case 'regression':
      return { ...data, n: rows, x, targets: data.targets.slice(0, rows) };
  }
}

/** Examples per timed epoch of each preset: a few seconds on wasm, more on software WebGPU. */
export interface PresetPlan {
  examples: number;
  epochs: number;
  rounds: number;
}

/** tokens/s of the three text presets, ours against model.fit. */
export async function presetTokens(
  data: { names: Dataset; spam: Dataset },
  plan: PresetPlan,
  log: (text: string) => void,
): Promise<PresetTokens[]> {
  const vocabulary = data.names.task === 'sequence' ? data.names.numClasses : 0;
  const spamClasses = data.spam.task === 'classification' ? data.spam.numClasses : 0;
  const spamVocabulary =
    data.spam.task === 'classification' ? (data.spam.tokenizer?.vocab.length ?? 0) : 0;
  const jobs = [
    { preset: 'Char-RNN', dataset: 'names', spec: charRnnSpec(vocabulary), data: data.names },
    {
      preset: 'Transformer (2 layers)',
      dataset: 'names',
      spec: transformerSpec(vocabulary),
      data: data.names,
    },
    {
      preset: 'LSTM classifier',
      dataset: 'spam',
      spec: lstmClassifierSpec(spamClasses, spamVocabulary),
      data: data.spam,
    },
  ];
  const out: PresetTokens[] = [];
  for (const job of jobs) {
    const config =
      job.data.task === 'sequence'
        ? sequenceConfig(64)
        : {
            ...DEFAULT_CONFIG,
            optimizer: 'adam' as const,
            learningRate: 0.003,
            batchSize: 64,
            validationSplit: 0.1,
          };
    const p = prepared(job.spec, job.data, config, plan.examples);
    const context = job.data.inputShape[0] ?? 1;
    log(
      `${job.preset} on ${job.dataset}: ${p.train.n} examples x ${context} tokens, ${plan.rounds} x ${plan.epochs} epochs`,
    );
    const workload = await compareWithFit(job.preset, p, plan.epochs, plan.rounds);
    out.push({
      preset: job.preset,
      dataset: job.dataset,
      context,
      workload,
      oursTokensPerSec: workload.ours.samplesPerSec * context,
      fitTokensPerSec: workload.fit.samplesPerSec * context,
    });
  }
  return out;
}

const SAMPLES = { count: 8, maxLength: 16, temperature: 1, topK: 0, seed: 1 } as const;

/** What the model writes from the boundary token, as text. */
async function writeNames(
  model: tf.LayersModel,
  names: SequenceDataset,
  requestId: number,
): Promise<string[]> {
  const answer = await answerSequenceQuestion(
    { type: 'samples', requestId, ...SAMPLES },
    model,
    names,
  );
  if (answer.type !== 'samples') return [];
  const out: string[] = [];
  let at = 0;
  for (const length of answer.lengths) {
    const ids = answer.tokens.subarray(at, (at += length));
    out.push(Array.from(ids, (id) => names.tokenizer.vocab[id] ?? '?').join(''));
  }
  return out;
}

/** The masked next-token loss of `model` on the whole validation split, as the session counts it. */
async function validationLoss(model: tf.LayersModel, validation: SequenceDataset): Promise<number> {
  const loss = tf.tidy(() => {
    const length = validation.inputShape[0] as number;
    const xs = tf.tensor2d(validation.x, [validation.n, length]);
    const targets = tf.tensor2d(validation.targets, [validation.n, length], 'int32');
    return maskedTokenLoss(targets, model.apply(xs, { training: false }) as tf.Tensor);
  });
  const value = (await loss.data())[0] ?? NaN;
  loss.dispose();
  return value;
}

/**
 * The transformer preset on all the names, measured every `everySeconds` of training: paused at
 * the next batch's end, its validation loss and the names it writes taken, then resumed. It runs
 * until a mark after the one that beats the bigram, or `limitSeconds` of training (beyond the 60 s
 * target, so a slow machine still says when it got there).
 */
export async function raceTheBigram(
  names: Dataset,
  everySeconds: number,
  limitSeconds: number,
  log: (text: string) => void,
): Promise<RaceReport> {
  if (names.task !== 'sequence') throw new Error('The names dataset is not a sequence dataset.');
  const config = { ...sequenceConfig(64), epochs: 100 };
  const p = prepared(transformerSpec(names.numClasses), names, config, names.n);
  const validation = p.validation;
  if (p.train.task !== 'sequence' || validation?.task !== 'sequence') {
    throw new Error('The names split is not a sequence split.');
  }
  const bigram = bigramLoss(p.train, validation);
  log(`race: ${p.train.n} names to train on, ${validation.n} to validate; bigram ${bigram}`);
  const marks: RaceMark[] = [];
  let beatAt: RaceMark | null = null;
  let session: TrainingSession | null = null;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  let started = 0;
  /** Time spent paused at the marks: left out of the race's clock. */
  let pausedMs = 0;
  let measuring = false;
  let onPaused: () => void = () => undefined;
  const mark = async (
    event: Extract<WorkerEvent, { type: 'progress' }>,
    current: TrainingSession,
  ) => {
    const now = performance.now();
    const seconds = (now - started - pausedMs) / 1000;
    measuring = true;
    // resume() only acts once the loop has stopped at a batch end and said so.
    const paused = new Promise<void>((resolve) => (onPaused = resolve));
    current.pause();
    const model = current.currentModel;
    const at: RaceMark = {
      seconds,
      epoch: event.epoch,
      batch: event.batch,
      batchesPerEpoch: event.batchesPerEpoch,
      validationLoss: await validationLoss(model, validation),
      samples: await writeNames(model, validation, marks.length + 1),
    };
    marks.push(at);
    log(
      `${seconds.toFixed(1)} s (epoch ${at.epoch}, batch ${at.batch}/${at.batchesPerEpoch}): ` +
        `validation ${at.validationLoss.toFixed(3)}; ${at.samples.join(' ')}`,
    );
    const wasBeaten = beatAt !== null;
    if (beatAt === null && bigram !== null && at.validationLoss < bigram) beatAt = at;
    pausedMs += performance.now() - now;
    measuring = false;
    // A pause asked for while the loop was between its own states may never be reported: then
    // it is waiting for nothing, and resume() below is harmless.
    await Promise.race([paused, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (wasBeaten || seconds >= limitSeconds) current.stop();
    else current.resume();
  };
  session = unwrap(
    TrainingSession.fromPrepared(p, (event) => {
      const current = session;
      if (event.type === 'progress' && current !== null && !measuring) {
        const seconds = (performance.now() - started - pausedMs) / 1000;
        if (seconds >= (marks.length + 1) * everySeconds) void mark(event, current);
      }
      if (event.type === 'status' && event.status === 'paused') onPaused();
      if (event.type === 'status' && (event.status === 'done' || event.status === 'error')) {
        finish();
      }
    }),
  );
  const parameters = session.currentModel.countParams();
  started = performance.now();
  session.start();
  await ended;
  await session.dispose();
  return {
    trainNames: p.train.n,
    validationNames: validation.n,
    config,
    parameters,
    bigramLoss: bigram,
    everySeconds,
    limitSeconds,
    marks,
    beatAt,
  };
}
