/**
 * The sequence figures as tables (scripts/bench.mjs prints them): the race of the transformer
 * preset against the bigram baseline on names, and tokens/s of the text presets per backend, ours
 * against model.fit. Apart from TF.js, so it is tested in Node.
 */
import type { SequenceReport } from './sequences.worker';

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

/** The target: the transformer preset below the bigram's validation loss within 60 s. */
export const RACE_TARGET_SECONDS = 60;

/** Our loop may be at most this much slower than a bare model.fit. */
export const FIT_TOLERANCE = 0.1;

const fixed = (n: number | null | undefined, digits: number) =>
  n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);

export function raceTable(report: SequenceReport | undefined): Table {
  const race = report?.race ?? null;
  const title =
    'The "Transformer (2 layers)" preset on names (context 16, width 64, 4 heads) against the ' +
    'bigram baseline, wasm';
  if (race === null) {
    return { title, header: ['note'], rows: [[report?.error ?? 'did not run']], notes: [] };
  }
  const bigram = race.bigramLoss;
  const rows = race.marks.map((m) => [
    fixed(m.seconds, 1),
    `${m.epoch} (${m.batch}/${m.batchesPerEpoch})`,
    fixed(m.validationLoss, 3),
    bigram !== null && m.validationLoss < bigram ? 'yes' : 'no',
    m.samples.join(' '),
  ]);
  const beat = race.beatAt;
  const verdict =
    beat === null
      ? `MISS: not below the bigram's ${fixed(bigram, 3)} in the ${race.limitSeconds} s it ran`
      : `${beat.seconds <= RACE_TARGET_SECONDS ? 'PASS' : 'MISS'}: below the bigram's ` +
        `${fixed(bigram, 3)} at ${fixed(beat.seconds, 1)} s, in epoch ${beat.epoch} ` +
        `(target: within ${RACE_TARGET_SECONDS} s)`;
  return {
    title,
    header: ['seconds', 'epoch (batch)', 'val loss', 'beats bigram', 'samples (temperature 1)'],
    rows,
    notes: [
      `${race.trainNames} names to train on, ${race.validationNames} to validate; ` +
        `${race.parameters} parameters; adam ${race.config.learningRate}, batch ` +
        `${race.config.batchSize}. Measured every ${race.everySeconds} s of training (paused ` +
        'at the next batch end to take the validation loss and write the names, which the ' +
        'clock leaves out).',
      verdict,
    ],
  };
}

export function tokensTable(reports: readonly SequenceReport[]): Table {
  const rows: string[][] = [];
  for (const report of reports) {
    if (report.error !== null && report.presets.length === 0) {
      rows.push([report.requested, '-', '-', '-', '-', '-', '-', '-', `FAILED: ${report.error}`]);
      continue;
    }
    for (const p of report.presets) {
      const t = p.workload.tensors;
      const ratio = p.workload.ratio;
      rows.push([
        report.requested,
        p.preset,
        `${p.dataset} (${p.context})`,
        fixed(p.oursTokensPerSec, 0),
        fixed(p.fitTokensPerSec, 0),
        fixed(ratio, 2),
        ratio >= 1 - FIT_TOLERANCE ? 'PASS' : 'MISS',
        `${t.ourFirstEpoch}/${t.ourLastEpoch} (${t.before}→${t.after})`,
        t.ourFirstEpoch === t.ourLastEpoch && t.before === t.after ? 'steady' : 'CHANGED',
      ]);
    }
  }
  return {
    title: 'Text presets: tokens/s of our loop against a bare model.fit (best of the rounds)',
    header: [
      'backend',
      'preset',
      'data (tokens)',
      'ours tok/s',
      'fit tok/s',
      'ours/fit',
      `within ${FIT_TOLERANCE * 100}%`,
      'tensors 1st/last epoch (before→after)',
      'tensors',
    ],
    rows,
    notes: [
      "fit takes TF.js's own sparse loss over every position (it cannot skip the padding); ours " +
        'masks it. A token is one position of one example.',
    ],
  };
}
