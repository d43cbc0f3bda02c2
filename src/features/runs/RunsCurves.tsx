/**
 * Loss or accuracy of several runs on one canvas: one colour per run, train solid and validation
 * dashed, so runs compare at a glance. The legend is HTML below it, readable by screen readers.
 */
import { useMemo } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import { classCss } from '../palette';
import { CurvesCanvas } from '../ui/CurvesCanvas';
import type { LineColour } from '../ui/chart-canvas';
import './runs-curves.css';

/** What the chart needs of a run: a stored run, or a lesson's recorded run beside the live curve. */
export type CurveRun = Pick<StoredRun, 'id' | 'name' | 'epochs'> & {
  /** Where it ran ("This browser · WebGPU", "Keras 3.15.1 · …"), told beside its name. */
  where?: string;
};

export interface RunsCurvesProps {
  runs: readonly CurveRun[];
  metric: 'loss' | 'accuracy';
  title: string;
  testId: string;
}

/** One colour per run, for both of its lines; the dashes tell validation from train. */
const colourOf: LineColour = ({ run }) => classCss(run);

export function RunsCurves({ runs, metric, title, testId }: RunsCurvesProps) {
  const epochs = useMemo(() => runs.map((run) => run.epochs), [runs]);

  return (
    <figure className="runs-curves">
      <figcaption>{title}</figcaption>
      <CurvesCanvas
        runs={epochs}
        metric={metric}
        height={200}
        colourOf={colourOf}
        testId={testId}
        label={`${title} of ${runs.map((r) => r.name).join(', ')}`}
      />
      <ul className="runs-legend">
        {runs.map((run, i) => (
          <li key={run.id} data-testid="runs.legend" data-run-id={run.id}>
            <span className="runs-swatch" style={{ background: classCss(i) }} aria-hidden="true" />
            {run.name}
            {run.where !== undefined && <span className="muted"> ({run.where})</span>}
          </li>
        ))}
        <li className="muted">solid: train · dashed: validation</li>
      </ul>
    </figure>
  );
}
