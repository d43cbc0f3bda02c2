import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/train/config';
import { raceTable, tokensTable } from './sequences-report';
import type { SequenceReport } from './sequences.worker';

const measurement = (samplesPerSec: number) => ({
  epochs: 2,
  samples: 2000,
  seconds: 2000 / samplesPerSec,
  samplesPerSec,
  runs: [],
});

function report(over: Partial<SequenceReport>): SequenceReport {
  return {
    requested: 'wasm',
    backend: 'wasm',
    reason: '',
    presets: [],
    race: null,
    error: null,
    ...over,
  };
}

describe('the sequence tables', () => {
  it('passes the race only when the bigram is beaten within 60 s, and names the epoch', () => {
    const mark = (seconds: number, validationLoss: number, samples: string[]) => ({
      seconds,
      epoch: 1,
      batch: Math.round(seconds),
      batchesPerEpoch: 100,
      validationLoss,
      samples,
    });
    const late = mark(58, 2.3, ['anna', 'mary']);
    const race = {
      trainNames: 7000,
      validationNames: 800,
      config: DEFAULT_CONFIG,
      parameters: 100_000,
      bigramLoss: 2.45,
      everySeconds: 10,
      limitSeconds: 180,
      marks: [mark(30, 2.5, ['xq', 'ann']), late],
      beatAt: late,
    };
    const pass = raceTable(report({ race }));
    expect(pass.rows.map((r) => r[3])).toEqual(['no', 'yes']);
    expect(pass.rows[1]?.[4]).toBe('anna mary');
    expect(pass.notes.at(-1)).toMatch(/^PASS: .* at 58.0 s, in epoch 1/);
    const slow = raceTable(report({ race: { ...race, beatAt: { ...late, seconds: 61 } } }));
    expect(slow.notes.at(-1)).toMatch(/^MISS/);
    const never = raceTable(report({ race: { ...race, beatAt: null } }));
    expect(never.notes.at(-1)).toMatch(/^MISS: not below the bigram's 2.450 in the 180 s it ran/);
    expect(raceTable(report({ error: 'no wasm' })).rows).toEqual([['no wasm']]);
  });

  it('says whether our loop is within 10% of fit and whether the tensor count held', () => {
    const tensors = { before: 10, after: 10, ourFirstEpoch: 40, ourLastEpoch: 40 };
    const preset = (ratio: number, t = tensors) => ({
      preset: 'Char-RNN',
      dataset: 'names',
      context: 16,
      oursTokensPerSec: 16 * 1000 * ratio,
      fitTokensPerSec: 16 * 1000,
      workload: {
        name: 'Char-RNN',
        batchSize: 64,
        trainSamples: 1000,
        validationSamples: 100,
        ours: measurement(1000 * ratio),
        fit: measurement(1000),
        ratio,
        tensors: t,
      },
    });
    const table = tokensTable([
      report({ presets: [preset(0.95), preset(0.85, { ...tensors, ourLastEpoch: 44 })] }),
      report({ requested: 'webgpu', backend: null, error: 'no adapter' }),
    ]);
    expect(table.rows[0]?.slice(3, 9)).toEqual([
      '15200',
      '16000',
      '0.95',
      'PASS',
      '40/40 (10→10)',
      'steady',
    ]);
    expect(table.rows[1]?.slice(6)).toEqual(['MISS', '40/44 (10→10)', 'CHANGED']);
    expect(table.rows[2]?.[8]).toBe('FAILED: no adapter');
  });
});
