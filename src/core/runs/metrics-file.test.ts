import { describe, expect, it } from 'vitest';
import { METRICS_MAX_BYTES, parseRunFile, RunFileError } from './metrics-file';
import { testRunExperiment } from './test-run';
import { jsonl, testEndLine, testEpochLine, testHeader, testRunFileText } from './test-run-file';

/** The message of a file that must be refused. */
function refusal(text: string): string {
  const read = parseRunFile(text);
  if (read.ok) throw new Error('The file was read');
  expect(read.error).toBeInstanceOf(RunFileError);
  expect(read.error.code).toBe('run-file');
  return read.error.message;
}

describe('parseRunFile', () => {
  it('reads the header, every epoch and the end of a good file', () => {
    const read = parseRunFile(testRunFileText());
    if (!read.ok) throw read.error;
    const file = read.value;
    expect(file.experiment).toEqual(testRunExperiment());
    expect(file.sourceRunId).toBe('run-1');
    expect(file.init).toBe('browser');
    expect(file.machine).toMatchObject({
      backend: 'tensorflow',
      strategy: 'mirrored',
      replicas: 2,
    });
    expect(file.machine.devices).toEqual(['GPU:0', 'GPU:1']);
    expect(file.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // The curve keeps the browser's epoch fields; learningRate and wallSeconds are the file's.
    const line = testEpochLine(2);
    expect(file.epochs[1]).toEqual({
      epoch: 2,
      trainLoss: line.trainLoss,
      trainAccuracy: line.trainAccuracy,
      validationLoss: line.validationLoss,
      validationAccuracy: line.validationAccuracy,
    });
    expect(file.epochSeconds).toEqual([1.5, 1.5, 1.5]);
    expect(file.end).toEqual({
      status: 'finished',
      epochs: 3,
      wallSeconds: 4.75,
      samplesPerSec: 101.5,
    });
  });

  it('reads a run without an end line (killed) as one that did not end, and CRLF lines', () => {
    const text = jsonl([testHeader(), testEpochLine(1), testEpochLine(2)]).replace(/\n/g, '\r\n');
    const read = parseRunFile(text);
    expect(read.ok && read.value.end).toBeNull();
    expect(read.ok && read.value.epochs).toHaveLength(2);
  });

  it('reads regression runs (no accuracy) and a run of a generated dataset without a hash', () => {
    const read = parseRunFile(
      jsonl([testHeader(), testEpochLine(1, { trainAccuracy: null, validationAccuracy: null })]),
    );
    expect(read.ok && read.value.epochs[0]?.trainAccuracy).toBeNull();
    expect(read.ok && read.value.datasetSha256).toBeNull();
  });

  it('names the line of malformed JSON', () => {
    const text = jsonl([testHeader(), testEpochLine(1), '{"kind": "epoch", "epoch": 2,']);
    expect(refusal(text)).toMatch(
      /^Line 3 of the run file cannot be read: it is not valid JSON\.$/,
    );
    expect(refusal(jsonl([testHeader(), '[1, 2]']))).toMatch(/Line 2 .*not a JSON object/);
  });

  it('refuses a file without a header, naming what to choose', () => {
    expect(refusal(jsonl([testEpochLine(1), testEndLine()]))).toMatch(
      /^Line 1 .*not a Gradlab run header.*choose the metrics\.jsonl that train\.py wrote/,
    );
    expect(refusal('')).toBe('This run file is empty.');
    expect(refusal('\n\n')).toBe('This run file is empty.');
  });

  it('refuses a line of an unknown kind, and lines after the end', () => {
    expect(refusal(jsonl([testHeader(), testEpochLine(1), { kind: 'batch', batch: 3 }]))).toMatch(
      /^Line 3 .*kind "batch" is neither "epoch" nor "end"/,
    );
    expect(
      refusal(jsonl([testHeader(), testEpochLine(1), testEndLine(), testEpochLine(2)])),
    ).toMatch(/^Line 4 .*follows the end line/);
  });

  it('refuses a file from a newer format, and says to update', () => {
    expect(refusal(jsonl([testHeader({ format: 2 }), testEpochLine(1)]))).toMatch(
      /^Line 1 .*run-file format 2, newer than this Gradlab reads \(1\); reload the page/,
    );
    expect(refusal(jsonl([testHeader({ format: '1' }), testEpochLine(1)]))).toMatch(
      /Line 1 .*format "1" is not a run-file format/,
    );
  });

  it("refuses non-finite numbers: Python's NaN and Infinity, and numbers beyond a double", () => {
    const nan = JSON.stringify(testEpochLine(2)).replace(/"trainLoss":[^,]+/, '"trainLoss": NaN');
    expect(refusal(jsonl([testHeader(), testEpochLine(1), nan]))).toMatch(
      /^Line 3 .*NaN or Infinity: the training diverged.*lower the learning rate/,
    );
    const inf = JSON.stringify(testEpochLine(1)).replace(
      /"validationLoss":[^,]+/,
      '"validationLoss":-Infinity',
    );
    expect(refusal(jsonl([testHeader(), inf]))).toMatch(/^Line 2 .*NaN or Infinity/);
    const huge = JSON.stringify(testEpochLine(1)).replace(/"trainLoss":[^,]+/, '"trainLoss":1e999');
    expect(refusal(jsonl([testHeader(), huge]))).toMatch(
      /^Line 2 .*"trainLoss" is not a finite number/,
    );
  });

  it('refuses epochs out of order, repeated or skipped', () => {
    const order = (epochs: number[]) =>
      jsonl([testHeader(), ...epochs.map((e) => testEpochLine(e))]);
    expect(refusal(order([1, 3]))).toMatch(
      /^Line 3 .*epoch 3 follows epoch 1; the epochs must count up by one/,
    );
    expect(refusal(order([2, 1]))).toMatch(/^Line 3 .*epoch 1 follows epoch 2/);
    expect(refusal(order([1, 1]))).toMatch(/^Line 3 .*epoch 1 follows epoch 1/);
    expect(refusal(order([0]))).toMatch(/^Line 2 .*"epoch" must be a whole number from 1/);
  });

  it('refuses a file with no epochs', () => {
    expect(refusal(jsonl([testHeader(), testEndLine({ epochs: 0 })]))).toMatch(/no epoch lines/);
  });

  it("checks the header's experiment with the experiment's validator, naming the field", () => {
    const experiment = { ...testRunExperiment(), model: { layers: [] } };
    expect(refusal(jsonl([testHeader({ experiment }), testEpochLine(1)]))).toMatch(
      /^Line 1 .*experiment\.model/,
    );
  });

  it('checks the machine and the end line', () => {
    const machine = { ...(testHeader().machine as object), backend: 'mxnet' };
    expect(refusal(jsonl([testHeader({ machine }), testEpochLine(1)]))).toMatch(
      /^Line 1 .*"backend" must be one of tensorflow, jax, torch, not "mxnet"/,
    );
    expect(
      refusal(jsonl([testHeader(), testEpochLine(1), testEndLine({ status: 'crashed' })])),
    ).toMatch(/^Line 3 .*"status" must be one of finished, stopped/);
    expect(refusal(jsonl([testHeader({ startedAt: 'yesterday' }), testEpochLine(1)]))).toMatch(
      /"startedAt" is not an ISO-8601 time/,
    );
  });

  it('caps the size and the number of lines', () => {
    expect(refusal(' '.repeat(METRICS_MAX_BYTES + 1))).toMatch(/larger than 8 MB/);
    const lines = [testHeader(), ...Array.from({ length: 10_002 }, (_, i) => testEpochLine(i + 1))];
    expect(refusal(jsonl(lines))).toMatch(/has 10003 lines; a run has at most 10002/);
  });
});
