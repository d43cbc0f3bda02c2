/** A run file (metrics.jsonl) as train.py writes it, line by line, for the import tests. */
import { testRunExperiment } from './test-run';

export const testHeader = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'gradlab-run',
  format: 1,
  name: 'spiral',
  sourceRunId: 'run-1',
  experiment: testRunExperiment(),
  datasetSha256: null,
  init: 'browser',
  startedAt: '2026-12-01T12:00:00Z',
  machine: {
    keras: '3.15.1',
    backend: 'tensorflow',
    framework: 'tensorflow 2.21.0',
    devices: ['GPU:0', 'GPU:1'],
    strategy: 'mirrored',
    replicas: 2,
    python: '3.12.3',
    platform: 'Linux-6.8-x86_64',
    hostname: 'gpu-box',
  },
  ...overrides,
});

export const testEpochLine = (epoch: number, overrides: Record<string, unknown> = {}) => ({
  kind: 'epoch',
  epoch,
  trainLoss: 0.8 / epoch,
  trainAccuracy: 0.5 + epoch / 100,
  validationLoss: 0.9 / epoch,
  validationAccuracy: 0.45 + epoch / 100,
  learningRate: 0.01,
  wallSeconds: 1.5,
  ...overrides,
});

export const testEndLine = (overrides: Record<string, unknown> = {}) => ({
  kind: 'end',
  status: 'finished',
  epochs: 3,
  wallSeconds: 4.75,
  samplesPerSec: 101.5,
  ...overrides,
});

/** The lines as JSON text, one a line, with the trailing newline Python writes. */
export const jsonl = (lines: readonly unknown[]): string =>
  lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';

/** A good three-epoch run file that ended. */
export const testRunFileText = (): string =>
  jsonl([testHeader(), testEpochLine(1), testEpochLine(2), testEpochLine(3), testEndLine()]);
