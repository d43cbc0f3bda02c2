/**
 * The first screen: data and model on the left, the data with the decision boundary in the
 * middle, training and its curves on the right.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { DataPlot } from '../data/DataPlot';
import { DatasetControls } from '../data/DatasetControls';
import { DatasetPreview } from '../data/DatasetPreview';
import { InsightsPanel } from '../insights/InsightsPanel';
import { ModelControls } from '../model/ModelControls';
import { ExportPanel } from '../model-export/ExportPanel';
import { CurveNumbers } from './CurveNumbers';
import { CurvesChart } from './CurvesChart';
import { MetricsPanel } from './MetricsPanel';
import { TrainControls } from './TrainControls';
import { ResumeBanner } from './ResumeBanner';
import { CheckpointNote } from './CheckpointNote';
import { TrainSettingsForm } from './TrainSettingsForm';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';

/** After a change to data, model or seed, show the new untrained model (debounced). */
function useResetOnChange() {
  const dataset = useAppStore((s) => s.datasetSettings);
  const choice = useAppStore((s) => s.datasetChoice);
  const record = useAppStore((s) => s.activeRecord);
  const layers = useAppStore((s) => s.layers);
  const ready = useAppStore((s) => s.backend !== null);
  useEffect(() => {
    if (ready) useAppStore.getState().resetSoon();
  }, [dataset, choice, record, layers, ready]);
}

export function Playground() {
  const status = useAppStore((s) => s.status);
  const dataset = useAppStore((s) => s.dataset);
  const stored = useAppStore((s) => (s.datasetChoice.kind === 'stored' ? s.activeRecord : null));
  const storedChosen = useAppStore((s) => s.datasetChoice.kind === 'stored');
  const prediction = useAppStore((s) => s.prediction);
  const history = useAppStore((s) => s.history);
  const error = useAppStore((s) => s.trainError);
  const locked = status === 'running' || status === 'paused';
  const [logScale, setLogScale] = useState(false);
  useResetOnChange();
  useKeyboardShortcuts();

  const plotLabel =
    dataset?.task === 'regression'
      ? 'The data points and the curve the model fits'
      : 'The data points over the decision boundary: each colour is the class the model predicts';

  return (
    <main className="playground">
      <div className="column">
        <DatasetControls disabled={locked} />
        <ModelControls disabled={locked} />
      </div>
      <section className="panel plot-panel" aria-labelledby="plot-heading">
        <h2 id="plot-heading">What the model sees</h2>
        {storedChosen ? (
          stored ? (
            <DatasetPreview record={stored} />
          ) : (
            <p className="muted">Loading the dataset…</p>
          )
        ) : (
          <>
            <DataPlot dataset={dataset} prediction={prediction} label={plotLabel} />
            <p className="muted hint">
              Background: the class the model predicts there; stronger colour, more confident.
            </p>
          </>
        )}
      </section>
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
          <TrainSettingsForm disabled={locked} />
          <MetricsPanel />
          <CheckpointNote />
        </section>
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
            title="Loss"
            logScale={logScale}
          />
          {(storedChosen ? stored?.header.task : dataset?.task) !== 'regression' && (
            <CurvesChart
              history={history}
              metric="accuracy"
              testId="chart.accuracy"
              title="Accuracy"
            />
          )}
          <CurveNumbers history={history} />
        </section>
        <ExportPanel />
      </div>
      <InsightsPanel />
    </main>
  );
}
