/**
 * The sequence figures of issue 16, in the bench page's worker on the backend it started:
 * - tokens/s of the three text presets (Char-RNN and the 2-layer transformer on names, the LSTM
 *   classifier on spam), our loop against a bare model.fit with the same masked loss, and the
 *   tensor count after our first and last epoch (a leak from the custom layers would grow it);
 * - on wasm, the race: the "Transformer (2 layers)" preset on all the names (context 16, width 64,
 *   4 heads) trained until it beats the bigram baseline's validation loss or a time limit passes,
 *   with the names it writes after every epoch.
 */
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

export interface RaceEpoch {
  epoch: number;
  /** Since start(), training only (the samples are drawn after the clock is read). */
  seconds: number;
  trainLoss: number;
  validationLoss: number | null;
  samples: string[];
}

export interface RaceReport {
  trainNames: number;
  validationNames: number;
  config: TrainConfig;
  parameters: number;
  bigramLoss: number | null;
  limitSeconds: number;
  epochs: RaceEpoch[];
  /** The first epoch whose validation loss is below the bigram's, and when it ended. */
  beatAt: { epoch: number; seconds: number } | null;
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
  session: TrainingSession,
  names: SequenceDataset,
  requestId: number,
): Promise<string[]> {
  const answer = await answerSequenceQuestion(
    { type: 'samples', requestId, ...SAMPLES },
    session.currentModel,
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

/**
 * The transformer preset on all the names until its validation loss beats the bigram's and a
 * further epoch has shown the samples, or `limitSeconds` of training pass (beyond the 60 s target,
 * so a slow machine still says when it got there).
 */
export async function raceTheBigram(
  names: Dataset,
  limitSeconds: number,
  log: (text: string) => void,
): Promise<RaceReport> {
  if (names.task !== 'sequence') throw new Error('The names dataset is not a sequence dataset.');
  const config = { ...sequenceConfig(64), epochs: 100 };
  const p = prepared(transformerSpec(names.numClasses), names, config, names.n);
  if (p.train.task !== 'sequence' || p.validation?.task !== 'sequence') {
    throw new Error('The names split is not a sequence split.');
  }
  const bigram = bigramLoss(p.train, p.validation);
  log(`race: ${p.train.n} names to train on, ${p.validation.n} to validate; bigram ${bigram}`);
  const epochs: RaceEpoch[] = [];
  let beatAt: RaceReport['beatAt'] = null;
  let session: TrainingSession | null = null;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  let started = 0;
  /** Time spent writing names, paused: left out of the race's clock. */
  let writingMs = 0;
  const onEpoch = async (event: Extract<WorkerEvent, { type: 'epochEnd' }>) => {
    const now = performance.now();
    const seconds = (now - started - writingMs) / 1000;
    const current = session;
    if (current === null) return;
    current.pause();
    const samples = await writeNames(current, names, event.epoch);
    writingMs += performance.now() - now;
    const validationLoss = event.validation?.loss ?? null;
    epochs.push({
      epoch: event.epoch,
      seconds,
      trainLoss: event.train.loss,
      validationLoss,
      samples,
    });
    log(
      `epoch ${event.epoch} at ${seconds.toFixed(1)} s: validation ${validationLoss?.toFixed(3)}; ${samples.join(' ')}`,
    );
    if (beatAt === null && bigram !== null && validationLoss !== null && validationLoss < bigram) {
      beatAt = { epoch: event.epoch, seconds };
    }
    const enough = (beatAt !== null && event.epoch >= beatAt.epoch + 1) || seconds >= limitSeconds;
    if (enough) current.stop();
    else current.resume();
  };
  session = unwrap(
    TrainingSession.fromPrepared(p, (event) => {
      if (event.type === 'epochEnd') void onEpoch(event);
      if (event.type === 'status' && (event.status === 'done' || event.status === 'error'))
        finish();
      if (event.type === 'done' || event.type === 'error') finish();
    }),
  );
  const parameters = session.currentModel.countParams();
  started = performance.now();
  session.start();
  await ended;
  await session.dispose();
  return {
    trainNames: p.train.n,
    validationNames: p.validation.n,
    config,
    parameters,
    bigramLoss: bigram,
    limitSeconds,
    epochs,
    beatAt,
  };
}
