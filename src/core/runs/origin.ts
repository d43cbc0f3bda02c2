/**
 * Where a stored run trained: in this browser, or on a machine that ran the experiment's exported
 * Keras project, whose run file (metrics.jsonl) was imported here.
 */
import { isRecord } from '../is-record';
import { KERAS_BACKENDS, KERAS_STRATEGIES, type KerasMachine } from './metrics-file';

export type RunEnding = 'finished' | 'stopped' | 'killed';

export interface ImportedOrigin extends KerasMachine {
  kind: 'imported';
  /** How train.py started: from the browser's weights, or from the seeded initial weights. */
  init: 'seed' | 'browser';
  /** The browser run it belongs beside: the file's source run, else one of the same model. */
  sourceRunId: string | null;
  /** From the run file's end line; `killed` when it has none (the process did not finish). */
  ending: RunEnding;
  /** ISO-8601. */
  importedAt: string;
  fileName: string;
}

export type RunOrigin = { kind: 'browser' } | ImportedOrigin;

export const BROWSER_ORIGIN: RunOrigin = { kind: 'browser' };

const isText = (x: unknown): x is string => typeof x === 'string';
const isOneOf = <T extends string>(values: readonly T[], x: unknown): x is T =>
  values.some((v) => v === x);

/** A stored origin, or null when it is malformed. */
export function readOrigin(x: unknown): RunOrigin | null {
  if (!isRecord(x)) return null;
  if (x.kind === 'browser') return BROWSER_ORIGIN;
  if (x.kind !== 'imported') return null;
  const { keras, backend, framework, devices, strategy, replicas, python, platform } = x;
  const { hostname, init, sourceRunId, ending, importedAt, fileName } = x;
  const valid =
    isText(keras) &&
    isOneOf(KERAS_BACKENDS, backend) &&
    isText(framework) &&
    Array.isArray(devices) &&
    devices.every(isText) &&
    isOneOf(KERAS_STRATEGIES, strategy) &&
    typeof replicas === 'number' &&
    Number.isSafeInteger(replicas) &&
    replicas >= 1 &&
    isText(python) &&
    isText(platform) &&
    isText(hostname) &&
    isOneOf(['seed', 'browser'], init) &&
    (sourceRunId === null || isText(sourceRunId)) &&
    isOneOf(['finished', 'stopped', 'killed'], ending) &&
    isText(importedAt) &&
    isText(fileName);
  if (!valid) return null;
  return {
    kind: 'imported',
    keras,
    backend,
    framework,
    devices,
    strategy,
    replicas,
    python,
    platform,
    hostname,
    init,
    sourceRunId,
    ending,
    importedAt,
    fileName,
  };
}
