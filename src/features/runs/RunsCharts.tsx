/**
 * The selected runs' curves: one loss chart per loss the runs minimised (a mean squared error and
 * a cross-entropy are not on one scale, and the page says why there are several), with a log
 * scale to choose and divergent spikes left off the axis; and the accuracy of those that have one.
 * A run keeps its colour in every chart.
 */
import { useMemo, useState } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import type { LossName } from '../../core/train/config';
import { groupByLoss, lossNote } from './loss-groups';
import { originLabel } from './origin-label';
import { LOSS_WORDS } from './run-metric';
import { RunsCurves, type CurveRun } from './RunsCurves';
import { Toggle } from '../ui/Toggle';

const hasAccuracy = (run: CurveRun): boolean =>
  run.epochs.some((e) => e.trainAccuracy !== null || e.validationAccuracy !== null);

export function RunsCharts({ runs }: { runs: readonly StoredRun[] }) {
  const [logScale, setLogScale] = useState(false);
  const curves = useMemo(
    (): (CurveRun & { loss: LossName })[] =>
      runs.map((run, i) => ({
        id: run.id,
        name: run.name,
        epochs: run.epochs,
        where: originLabel(run),
        colour: i,
        loss: run.experiment.config.loss,
      })),
    [runs],
  );
  const groups = useMemo(() => groupByLoss(curves, (curve) => curve.loss), [curves]);
  const note = lossNote(groups);
  const withAccuracy = useMemo(() => curves.filter(hasAccuracy), [curves]);

  return (
    <section className="panel runs-charts" aria-labelledby="runs-curves-heading">
      <div className="runs-charts-head">
        <h2 id="runs-curves-heading">Curves of the selected runs</h2>
        <Toggle
          label="Log scale for the loss"
          testId="runs.logScale"
          checked={logScale}
          onChange={setLogScale}
        />
      </div>
      {note !== null && (
        <p className="runs-note" data-testid="runs.curves.lossNote">
          {note}
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
