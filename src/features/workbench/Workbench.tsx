/**
 * One experiment at work: data and model on the left, the data with the decision boundary in the
 * middle, training and its curves on the right, the views that teach below. The playground shows
 * it whole; a notebook's experiment cell shows it with the lesson's locks and chosen views.
 */
import { useMemo, useState } from 'react';
import { useAppStore } from '../../store';
import { DatasetControls } from '../data/DatasetControls';
import { PlotView } from '../data/PlotView';
import { SequenceTaskPreview } from '../data/TextPreview';
import { InsightsPanel } from '../insights/InsightsPanel';
import { ModelControls } from '../model/ModelControls';
import { ExportPanel } from '../model-export/ExportPanel';
import { RunsCurves, type CurveRun } from '../runs/RunsCurves';
import { CheckpointNote } from '../train/CheckpointNote';
import { CurveNumbers } from '../train/CurveNumbers';
import { CurvesChart } from '../train/CurvesChart';
import { MetricsPanel } from '../train/MetricsPanel';
import { ResumeBanner } from '../train/ResumeBanner';
import { TrainControls } from '../train/TrainControls';
import { TrainSettingsForm } from '../train/TrainSettingsForm';
import { useKeyboardShortcuts } from '../train/use-keyboard-shortcuts';
import { useUndoKeys } from './use-undo-keys';
import './workbench.css';

export interface WorkbenchOptions {
  /** `dataset`, `model` and the TrainConfig fields (by name) the student may not change. */
  locked: ReadonlySet<string>;
  /** The views shown; null for every view. */
  views: ReadonlySet<string> | null;
  /** The lesson's recorded run, drawn beside the student's curve when `compare` is shown. */
  lessonRun: CurveRun | null;
  /** Whether Space trains and pauses (the playground), or scrolls (a notebook). */
  spaceTrains: boolean;
}

const OPEN: WorkbenchOptions = {
  locked: new Set(),
  views: null,
  lessonRun: null,
  spaceTrains: true,
};

export function Workbench({ options = OPEN }: { options?: WorkbenchOptions }) {
  const status = useAppStore((s) => s.status);
  const dataset = useAppStore((s) => s.prepared.points);
  const stored = useAppStore((s) => s.prepared.record);
  const chosen = useAppStore((s) => s.editor.experiment.dataset);
  const storedChosen = chosen.kind !== 'builtin' && chosen.kind !== 'sequence';
  const edit = useAppStore((s) => s.edit);
  const prediction = useAppStore((s) => s.prediction);
  const history = useAppStore((s) => s.history);
  const error = useAppStore((s) => s.trainError ?? s.workerLoss);
  const running = status === 'running' || status === 'paused';
  const [logScale, setLogScale] = useState(false);
  const { locked, views, lessonRun, spaceTrains } = options;
  useKeyboardShortcuts(spaceTrains);
  const undoKeys = useMemo(
    () => ({ undo: () => edit({ type: 'undo' }), redo: () => edit({ type: 'redo' }) }),
    [edit],
  );
  useUndoKeys(!running, undoKeys);

  const shown = (view: string) => views === null || views.has(view);
  const configLocks = useMemo(
    () =>
      new Set(
        [...locked].flatMap((field) =>
          field.startsWith('config.') ? [field.slice('config.'.length)] : [],
        ),
      ),
    [locked],
  );
  const insightViews = useMemo(() => (views === null ? undefined : views), [views]);
  const task =
    chosen.kind === 'sequence' ? 'sequence' : storedChosen ? stored?.header.task : dataset?.task;
  const comparing = lessonRun !== null && shown('compare');
  const compared = useMemo<CurveRun[]>(
    () =>
      lessonRun === null
        ? []
        : [
            { ...lessonRun, name: 'The lesson’s run' },
            { id: 'yours', name: 'Your run', epochs: history },
          ],
    [lessonRun, history],
  );

  const plotLabel =
    dataset?.task === 'regression'
      ? 'The data points and the curve the model fits'
      : 'The data points over the decision boundary: each colour is the class the model predicts';

  return (
    <>
      <div className="column">
        <DatasetControls disabled={running || locked.has('dataset')} />
        <ModelControls disabled={running || locked.has('model')} />
      </div>
      {shown('boundary') && (
        <section className="panel plot-panel" aria-labelledby="plot-heading">
          <h2 id="plot-heading">What the model sees</h2>
          {chosen.kind === 'sequence' ? (
            <SequenceTaskPreview dataset={chosen} />
          ) : (
            <PlotView
              chosen={chosen}
              generated={dataset}
              stored={storedChosen ? stored : null}
              prediction={prediction}
              label={plotLabel}
              disabled={running || locked.has('dataset')}
            />
          )}
        </section>
      )}
      <div className="column">
        <section className="panel" aria-labelledby="train-heading">
          <h2 id="train-heading">Training</h2>
          <ResumeBanner />
          <TrainControls />
          {error && (
            <p className="status error" role="alert" data-testid="train.error">
              {error}
            </p>
          )}
          <TrainSettingsForm disabled={running} locked={configLocks} />
          <MetricsPanel />
          <CheckpointNote />
        </section>
        {shown('curves') && (
          <section className="panel" aria-labelledby="curves-heading">
            <h2 id="curves-heading">Curves</h2>
            <label className="inline-check">
              <input
                type="checkbox"
                checked={logScale}
                data-testid="chart.logScale"
                onChange={(event) => setLogScale(event.target.checked)}
              />{' '}
              Log scale for the loss
            </label>
            <CurvesChart
              history={history}
              metric="loss"
              testId="chart.loss"
              title={task === 'sequence' ? 'Loss (nats per token)' : 'Loss'}
              logScale={logScale}
            />
            {task !== 'regression' && (
              <CurvesChart
                history={history}
                metric="accuracy"
                testId="chart.accuracy"
                title={task === 'sequence' ? 'Token accuracy' : 'Accuracy'}
              />
            )}
            <CurveNumbers history={history} perToken={task === 'sequence'} />
          </section>
        )}
        {comparing && (
          <section className="panel" aria-labelledby="compare-heading" data-testid="lesson.compare">
            <h2 id="compare-heading">The lesson’s run and yours</h2>
            <RunsCurves runs={compared} metric="loss" title="Loss" testId="compare.loss" />
            {task !== 'regression' && (
              <RunsCurves
                runs={compared}
                metric="accuracy"
                title="Accuracy"
                testId="compare.accuracy"
              />
            )}
          </section>
        )}
        <ExportPanel />
      </div>
      <InsightsPanel views={insightViews} />
    </>
  );
}
