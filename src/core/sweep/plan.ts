/**
 * From a plan to its trials: the grid's combinations, seeded random draws, and successive
 * halving's rungs (how many trials train to how many epochs).
 */
import { createRng, type Rng } from '../data/rng';
import { InvalidSweepError } from '../errors';
import type { Experiment } from '../experiment/experiment';
import { err, ok, type Result } from '../result';
import type { Sweep, SweepPlan, SweepValue, SweepValues } from './sweep';
import { applyValue, targetKey, targetLabel } from './targets';
import { expandValues } from './values';

const valueCount = (values: SweepValues): number =>
  values.kind === 'list' ? values.values.length : values.count;

/** How many combinations the fields' values make (every one of them, before `maxRuns`). */
export const gridSize = (plan: SweepPlan): number =>
  plan.fields.reduce((size, field) => size * valueCount(field.values), 1);

/** Every combination, the first field's value changing slowest; stops after `limit`. */
function gridTrials(plan: SweepPlan, limit: number): SweepValue[][] {
  const points = plan.fields.map((field) => expandValues(field.values));
  const out: SweepValue[][] = [];
  const walk = (prefix: SweepValue[]): void => {
    if (out.length >= limit) return;
    const next = points[prefix.length];
    if (next === undefined) {
      out.push(prefix);
      return;
    }
    for (const value of next) walk([...prefix, value]);
  };
  walk([]);
  return out;
}

/**
 * Four significant digits (a drawn 0.0031622... is 0.003162, which reads and replays the same),
 * kept inside the range: rounding must not carry 0.99996 of a range ending at 0.99999 out of it.
 */
function drawn(n: number, from: number, to: number): number {
  const rounded = Number(n.toPrecision(4));
  return Math.min(Math.max(rounded, Math.min(from, to)), Math.max(from, to));
}

function draw(values: SweepValues, rng: Rng): SweepValue {
  switch (values.kind) {
    case 'list':
      return values.values[rng.int(values.values.length)] ?? values.values[0] ?? 0;
    case 'linear':
      return drawn(values.from + (values.to - values.from) * rng.next(), values.from, values.to);
    case 'log': {
      const low = Math.log(values.from);
      const point = Math.exp(low + (Math.log(values.to) - low) * rng.next());
      return drawn(point, values.from, values.to);
    }
  }
}

/**
 * The value combinations the plan trains, in order: the grid (also successive halving's first
 * rung), or `count` random draws made with the method's seed (ranges drawn continuously, log ranges
 * log-uniformly, lists uniformly). At most `maxRuns`; the same plan gives the same trials.
 */
export function planTrials(plan: SweepPlan): SweepValue[][] {
  const { method } = plan;
  if (method.kind !== 'random') return gridTrials(plan, plan.maxRuns);
  const rng = createRng(method.seed);
  return Array.from({ length: Math.min(method.count, plan.maxRuns) }, () =>
    plan.fields.map((field) => draw(field.values, rng)),
  );
}

/**
 * Successive halving's rungs for `trials` trials: all train `minEpochs`, then the best `keep`
 * fraction (at least one) trains to `epochs / keep`, and so on; the rung with one trial left, or
 * the one that reaches `maxEpochs`, trains to `maxEpochs` and is the last.
 */
export function halvingRungs(
  trials: number,
  minEpochs: number,
  keep: number,
  maxEpochs: number,
): { epochs: number; trials: number }[] {
  if (trials < 1) return [];
  const rungs = [{ epochs: Math.min(minEpochs, maxEpochs), trials }];
  for (;;) {
    const last = rungs[rungs.length - 1];
    if (last === undefined || last.epochs >= maxEpochs || last.trials <= 1) break;
    const kept = Math.max(1, Math.floor(last.trials * keep));
    const epochs = Math.min(maxEpochs, Math.max(last.epochs + 1, Math.round(last.epochs / keep)));
    rungs.push({ epochs, trials: kept });
  }
  const final = rungs[rungs.length - 1];
  // A single trial left before the budget is spent trains on to the full budget.
  if (final !== undefined && final.epochs < maxEpochs) final.epochs = maxEpochs;
  return rungs;
}

/** The experiment one trial trains: the sweep's base with each field set to its value. */
export function trialExperiment(
  sweep: Sweep,
  values: SweepValue[],
): Result<Experiment, InvalidSweepError> {
  let experiment = sweep.base;
  for (const [i, field] of sweep.plan.fields.entries()) {
    const value = values[i];
    if (value === undefined) {
      return err(
        new InvalidSweepError(
          `The trial has no value for the ${targetLabel(field.target, experiment)}.`,
          targetKey(field.target),
        ),
      );
    }
    const next = applyValue(experiment, field.target, value);
    if (!next.ok) return next;
    experiment = next.value;
  }
  return ok(experiment);
}
