/**
 * The selected runs' curves: one loss chart per loss the runs minimised (a mean squared error and
 * a cross-entropy are not on one scale, and the page says why there are several), with a log
 * scale to choose and divergent spikes left off the axis; and the accuracy of those that have one.
 * A run keeps its colour in every chart.
 */
import { useMemo, useState } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import type { LossName } from '../../core/train/config';
import { originLabel } from './origin-label';
import { LOSS_WORDS } from './run-metric';
import { RunsCurves, type CurveRun } from './RunsCurves';

interface LossGroup {
  loss: LossName;
  runs: CurveRun[];
}

/** The runs by the loss they minimised, in the order the losses first appear. */
function byLoss(runs: readonly StoredRun[], curves: readonly CurveRun[]): LossGroup[] {
  const groups: LossGroup[] = [];
  runs.forEach((run, i) => {
    const curve = curves[i];
    if (curve === undefined) return;
    const loss = run.experiment.config.loss;
    const group = groups.find((g) => g.loss === loss);
    if (group) group.runs.push(curve);
    else groups.push({ loss, runs: [curve] });
  });
  return groups;
}

const hasAccuracy = (run: CurveRun): boolean =>
  run.epochs.some((e) => e.trainAccuracy !== null || e.validationAccuracy !== null);

export function RunsCharts({ runs }: { runs: readonly StoredRun[] }) {
  const [logScale, setLogScale] = useState(false);
  const curves = useMemo(
    (): CurveRun[] =>
      runs.map((run, i) => ({
        id: run.id,
        name: run.name,
        epochs: run.epochs,
        where: originLabel(run),
        colour: i,
      })),
    [runs],
  );
  const groups = useMemo(() => byLoss(runs, curves), [runs, curves]);
  const withAccuracy = useMemo(() => curves.filter(hasAccuracy), [curves]);

  return (
    <section className="panel runs-charts" aria-labelledby="runs-curves-heading">
      <div className="runs-charts-head">
        <h2 id="runs-curves-heading">Curves of the selected runs</h2>
        <label>
          <input
            type="checkbox"
            data-testid="runs.logScale"
            checked={logScale}
            onChange={(e) => setLogScale(e.currentTarget.checked)}
          />{' '}
          Log scale for the loss
        </label>
      </div>
      {groups.length > 1 && (
        <p className="runs-note" data-testid="runs.curves.lossNote">
          These runs minimised different losses ({groups.map((g) => LOSS_WORDS[g.loss]).join(', ')}
          ), whose values are not on one scale: each loss has its own chart.
        </p>
      )}
      {groups.map((group) => (
        <div key={group.loss} data-testid="runs.curves.lossPanel" data-loss={group.loss}>
          <RunsCurves
            runs={group.runs}
            metric="loss"
            title={`Loss: ${LOSS_WORDS[group.loss]}`}
            testId="runs.curves.loss"
            logScale={logScale}
            clipSpikes
          />
        </div>
      ))}
      {withAccuracy.length > 0 && (
        <RunsCurves
          runs={withAccuracy}
          metric="accuracy"
          title="Accuracy"
          testId="runs.curves.accuracy"
        />
      )}
    </section>
  );
}
