/**
 * `metrics.jsonl`, the run file that `train.py` of an exported Keras project writes: a header
 * line (the experiment, where it ran), one line per epoch, and an `end` line unless the process
 * was killed. It is user input: every fault is reported with the line it is on, never thrown.
 */
import { GradlabError } from '../errors';
import type { Experiment } from '../experiment/experiment';
import { validateExperiment } from '../experiment/validate';
import { isRecord } from '../is-record';
import { err, ok, type Result } from '../result';
import type { EpochRecord } from './epoch';

/** The newest run-file format this Gradlab reads. */
export const METRICS_FORMAT = 1;
/** 10,000 epochs (the most a config allows) with headroom; a header with a large model fits. */
export const METRICS_MAX_BYTES = 8 * 1024 * 1024;
export const METRICS_MAX_LINES = 10_002;
const MAX_DEVICES = 4096;
const MAX_TEXT = 1000;

export const KERAS_BACKENDS = ['tensorflow', 'jax', 'torch'] as const;
export type KerasBackend = (typeof KERAS_BACKENDS)[number];
export const KERAS_STRATEGIES = ['none', 'mirrored', 'multiworker', 'jax-dp'] as const;
export type KerasStrategy = (typeof KERAS_STRATEGIES)[number];

/** The machine the header describes. */
export interface KerasMachine {
  keras: string;
  backend: KerasBackend;
  /** `tensorflow 2.21.0`, `jax 0.6.2`, `torch 2.7.1`. */
  framework: string;
  devices: string[];
  strategy: KerasStrategy;
  replicas: number;
  python: string;
  platform: string;
  hostname: string;
}

/** The `end` line: how the run ended; absent when the process was killed. */
export interface RunFileEnd {
  status: 'finished' | 'stopped';
  epochs: number;
  wallSeconds: number;
  samplesPerSec: number;
}

export interface RunFile {
  name: string;
  sourceRunId: string | null;
  experiment: Experiment;
  datasetSha256: string | null;
  init: 'seed' | 'browser';
  startedAt: string;
  machine: KerasMachine;
  epochs: EpochRecord[];
  /** Each epoch's own wall time, in the order of `epochs`. */
  epochSeconds: number[];
  end: RunFileEnd | null;
}

/** A run file that cannot be read; the message names the line and what to do. */
export class RunFileError extends GradlabError<'run-file'> {
  readonly code = 'run-file';
  override readonly name = 'RunFileError';
}

/** A fault of one line: thrown inside the parser only, and turned into a RunFileError there. */
class LineFault {
  constructor(readonly problem: string) {}
}

const fault = (problem: string): never => {
  throw new LineFault(problem);
};

function text(x: Record<string, unknown>, key: string): string {
  const value = x[key];
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    return fault(`"${key}" must be a text of at most ${MAX_TEXT} characters`);
  }
  return value;
}

function nullableText(x: Record<string, unknown>, key: string): string | null {
  return x[key] === null ? null : text(x, key);
}

function finite(x: Record<string, unknown>, key: string): number {
  const value = x[key];
  if (typeof value !== 'number') return fault(`"${key}" must be a number`);
  if (!Number.isFinite(value)) return fault(`"${key}" is not a finite number`);
  return value;
}

function nullableFinite(x: Record<string, unknown>, key: string): number | null {
  return x[key] === null ? null : finite(x, key);
}

function wholeAtLeast(x: Record<string, unknown>, key: string, min: number): number {
  const value = finite(x, key);
  if (!Number.isSafeInteger(value) || value < min) {
    return fault(`"${key}" must be a whole number from ${min}`);
  }
  return value;
}

function oneOf<T extends string>(x: Record<string, unknown>, key: string, values: readonly T[]): T {
  const found = values.find((v) => v === x[key]);
  return (
    found ?? fault(`"${key}" must be one of ${values.join(', ')}, not ${JSON.stringify(x[key])}`)
  );
}

function readMachine(x: unknown): KerasMachine {
  if (!isRecord(x)) return fault('"machine" must be an object');
  const devices = x.devices;
  if (
    !Array.isArray(devices) ||
    devices.length > MAX_DEVICES ||
    !devices.every((d): d is string => typeof d === 'string' && d.length <= MAX_TEXT)
  ) {
    return fault('"machine.devices" must be a list of device names');
  }
  return {
    keras: text(x, 'keras'),
    backend: oneOf(x, 'backend', KERAS_BACKENDS),
    framework: text(x, 'framework'),
    devices,
    strategy: oneOf(x, 'strategy', KERAS_STRATEGIES),
    replicas: wholeAtLeast(x, 'replicas', 1),
    python: text(x, 'python'),
    platform: text(x, 'platform'),
    hostname: text(x, 'hostname'),
  };
}

type Header = Omit<RunFile, 'epochs' | 'epochSeconds' | 'end'>;

function readHeader(x: Record<string, unknown>): Header {
  if (x.kind !== 'gradlab-run') {
    return fault(
      'it is not a Gradlab run header ({"kind": "gradlab-run", ...}); choose the metrics.jsonl ' +
        'that train.py wrote',
    );
  }
  const format = x.format;
  if (typeof format !== 'number' || !Number.isSafeInteger(format) || format < 1) {
    return fault(`its format ${JSON.stringify(format)} is not a run-file format`);
  }
  if (format > METRICS_FORMAT) {
    return fault(
      `it was written in run-file format ${format}, newer than this Gradlab reads ` +
        `(${METRICS_FORMAT}); reload the page to update Gradlab`,
    );
  }
  const experiment = validateExperiment(x.experiment);
  if (!experiment.ok) return fault(experiment.error.message.replace(/\.$/, ''));
  const startedAt = text(x, 'startedAt');
  if (Number.isNaN(Date.parse(startedAt))) return fault('"startedAt" is not an ISO-8601 time');
  return {
    name: text(x, 'name'),
    sourceRunId: nullableText(x, 'sourceRunId'),
    experiment: experiment.value,
    datasetSha256: nullableText(x, 'datasetSha256'),
    init: oneOf(x, 'init', ['seed', 'browser']),
    startedAt,
    machine: readMachine(x.machine),
  };
}

function readEpoch(x: Record<string, unknown>, previous: number | null): [EpochRecord, number] {
  const epoch = wholeAtLeast(x, 'epoch', 1);
  if (previous !== null && epoch !== previous + 1) {
    fault(`epoch ${epoch} follows epoch ${previous}; the epochs must count up by one`);
  }
  const record: EpochRecord = {
    epoch,
    trainLoss: finite(x, 'trainLoss'),
    trainAccuracy: nullableFinite(x, 'trainAccuracy'),
    validationLoss: nullableFinite(x, 'validationLoss'),
    validationAccuracy: nullableFinite(x, 'validationAccuracy'),
  };
  finite(x, 'learningRate');
  const seconds = finite(x, 'wallSeconds');
  if (seconds < 0) fault('"wallSeconds" must not be negative');
  return [record, seconds];
}

function readEnd(x: Record<string, unknown>): RunFileEnd {
  const end: RunFileEnd = {
    status: oneOf(x, 'status', ['finished', 'stopped']),
    epochs: wholeAtLeast(x, 'epochs', 0),
    wallSeconds: finite(x, 'wallSeconds'),
    samplesPerSec: finite(x, 'samplesPerSec'),
  };
  if (end.wallSeconds < 0 || end.samplesPerSec < 0) fault('its timings must not be negative');
  return end;
}

/** Python's json module writes these for a diverged loss; JSON has no such numbers. */
const PYTHON_NON_FINITE = /(?:^|[\s,:[])-?(?:NaN|Infinity)(?=[\s,\]}])/;

function parseLine(line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    if (PYTHON_NON_FINITE.test(line)) {
      return fault(
        'it holds NaN or Infinity: the training diverged (a loss that is not a number); ' +
          'lower the learning rate and train again',
      );
    }
    return fault('it is not valid JSON');
  }
  return isRecord(value) ? value : fault('it is not a JSON object');
}

/** The run a metrics.jsonl holds, or the first fault found in it. */
export function parseRunFile(content: string): Result<RunFile, RunFileError> {
  if (content.length > METRICS_MAX_BYTES) {
    return err(
      new RunFileError(
        `This run file is larger than ${METRICS_MAX_BYTES / 1024 / 1024} MB, more than any run ` +
          'of at most 10,000 epochs writes; choose the metrics.jsonl that train.py wrote.',
      ),
    );
  }
  const lines = content.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  if (lines.length === 0) return err(new RunFileError('This run file is empty.'));
  if (lines.length > METRICS_MAX_LINES) {
    return err(
      new RunFileError(
        `This run file has ${lines.length} lines; a run has at most ${METRICS_MAX_LINES} ` +
          '(a header, 10,000 epochs and an end).',
      ),
    );
  }
  let at = 0;
  try {
    at = 1;
    const header = readHeader(parseLine(lines[0] ?? ''));
    const epochs: EpochRecord[] = [];
    const epochSeconds: number[] = [];
    let end: RunFileEnd | null = null;
    for (const [i, line] of lines.entries()) {
      if (i === 0) continue;
      at = i + 1;
      if (end !== null) fault('it follows the end line; nothing may come after it');
      const x = parseLine(line);
      if (x.kind === 'epoch') {
        const [record, seconds] = readEpoch(x, epochs.at(-1)?.epoch ?? null);
        epochs.push(record);
        epochSeconds.push(seconds);
      } else if (x.kind === 'end') {
        end = readEnd(x);
      } else {
        fault(`its kind ${JSON.stringify(x.kind)} is neither "epoch" nor "end"`);
      }
    }
    if (epochs.length === 0) {
      return err(
        new RunFileError(
          'This run file has no epoch lines: the run ended before its first epoch, so there is ' +
            'no curve to show.',
        ),
      );
    }
    return ok({ ...header, epochs, epochSeconds, end });
  } catch (error) {
    if (!(error instanceof LineFault)) throw error;
    return err(new RunFileError(`Line ${at} of the run file cannot be read: ${error.problem}.`));
  }
}
