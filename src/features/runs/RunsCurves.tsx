/**
 * Loss or accuracy of several runs on one canvas: one colour per run, train solid and validation
 * dashed, so runs compare at a glance. The legend is HTML below it, readable by screen readers,
 * and so is what a clipped axis left off the chart.
 */
import { useMemo } from 'react';
import { clippedPoints } from '../../core/chart/curves-spikes';
import { spikeNote } from './loss-groups';
import type { StoredRun } from '../../core/runs/stored-run';
import { classCss } from '../palette';
import { CurvesCanvas } from '../ui/CurvesCanvas';
import type { LineColour } from '../ui/chart-canvas';
import './runs-curves.css';

/** What the chart needs of a run: a stored run, or a lesson's recorded run beside the live curve. */
export type CurveRun = Pick<StoredRun, 'id' | 'name' | 'epochs'> & {
  /** Where it ran ("This browser · WebGPU", "Keras 3.15.1 · …"), told beside its name. */
  where?: string;
  /** Its colour in the palette, so a run keeps one colour across charts; else its position. */
  colour?: number;
};

export interface RunsCurvesProps {
  runs: readonly CurveRun[];
  metric: 'loss' | 'accuracy';
  title: string;
  testId: string;
  logScale?: boolean;
  /** Leave divergent spikes off the axis, marked, and say so below the chart. */
  clipSpikes?: boolean;
}

export function RunsCurves({
  runs,
  metric,
  title,
  testId,
  logScale = false,
  clipSpikes = false,
}: RunsCurvesProps) {
  const epochs = useMemo(() => runs.map((run) => run.epochs), [runs]);
  // One colour per run, for both of its lines; the dashes tell validation from train.
  const colourOf = useMemo<LineColour>(() => {
    const palette = runs.map((run, i) => run.colour ?? i);
    return ({ run }) => classCss(palette[run] ?? run);
  }, [runs]);
  const spikes = useMemo(
    () => (clipSpikes ? clippedPoints(epochs, metric, logScale) : []),
    [clipSpikes, epochs, metric, logScale],
  );
  const scale = logScale && metric === 'loss' ? ' (log scale)' : '';
  const off = spikes.length > 0 ? `; ${spikes.length} off the chart` : '';

  return (
    <figure className="runs-curves">
      <figcaption>{title}</figcaption>
      <CurvesCanvas
        runs={epochs}
        metric={metric}
        logScale={logScale}
        clipSpikes={clipSpikes}
        height={200}
        colourOf={colourOf}
        testId={testId}
        label={`${title}${scale} of ${runs.map((r) => r.name).join(', ')}${off}`}
      />
      {spikes.length > 0 && (
        <p className="runs-clipped" data-testid="runs.curves.clipped">
          {spikeNote(
            spikes,
            runs.map((run) => run.name),
          )}
        </p>
      )}
      <ul className="runs-legend">
        {runs.map((run, i) => (
          <li key={run.id} data-testid="runs.legend" data-run-id={run.id}>
            <span
              className="runs-swatch"
              style={{ background: classCss(run.colour ?? i) }}
              aria-hidden="true"
            />
            {run.name}
            {run.where !== undefined && <span className="muted"> ({run.where})</span>}
          </li>
        ))}
        <li className="muted">solid: train · dashed: validation</li>
      </ul>
    </figure>
  );
}
