/**
 * "Export model": asks the training worker for its current model in the TF.js layers format and
 * downloads it as `<dataset>-model.zip`, together with a Keras script that rebuilds it and the
 * preprocessing and scorers of new raw data.
 * "Export training project": the experiment as a Keras project that trains on (project-export.ts).
 */
import { useAppStore } from '../../store';
import { currentInfo } from '../experiment/selectors';
import { storedRecordOf } from '../data/slice';
import { preprocessingOf } from '../../core/export/preprocessing-of';
import { exportMatches } from './export-matches';
import { exportableWeights } from './finite-export';
import { modelZip, zipFileName } from './model-zip';
import { downloadFile } from '../download';
import { currentSource, exportProject } from './project-export';
import { useExport } from './use-export';

/** The worker answers within a second for any model Gradlab allows; silence means it is gone. */
const ANSWER_TIMEOUT_MS = 30_000;

async function exportModel(): Promise<string> {
  const state = useAppStore.getState();
  const dataset = currentInfo(state);
  if (!dataset || state.backend === null) {
    throw new Error(
      'There is no model to export yet: wait until the dataset and the backend are ready, ' +
        'then train the model.',
    );
  }
  const spec = state.editor.experiment.model;
  const preprocessing = preprocessingOf(
    state.editor.experiment.dataset,
    storedRecordOf(state, state.editor.experiment.dataset),
    dataset,
  );
  if (preprocessing === null) {
    throw new Error('The dataset is not in this browser any more; load it again, then export.');
  }
  const answer = await state.ask({ type: 'export' }, { timeoutMs: ANSWER_TIMEOUT_MS });
  if (!answer.ok) throw answer.error;
  const exported = answer.value;
  const finite = exportableWeights({ modelJson: exported.modelJson, data: exported.weights });
  if (!finite.ok) throw finite.error;
  const matches = exportMatches(exported.modelJson, spec, dataset.inputShape);
  if (!matches.ok) throw matches.error;
  const fileName = zipFileName(dataset.name);
  const zip = modelZip({
    exported,
    spec,
    inputShape: dataset.inputShape,
    datasetName: dataset.name,
    preprocessing,
  });
  downloadFile(zip, fileName, 'application/zip');
  return fileName;
}

export function ExportPanel() {
  const running = useAppStore((s) => s.status === 'running');
  const [{ busy, error, saved }, run] = useExport();
  const onProject = () => {
    const state = useAppStore.getState();
    return exportProject(state, currentSource(state));
  };

  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="muted">
        The model as TensorFlow.js files (model.json, weights.bin) with Keras and Node scripts that
        rebuild it and score new data; or the whole experiment as a Keras training project (data,
        settings, weights, train.py and a notebook) that trains on a GPU server or a cluster, whose
        runs you can import back on the Runs page.
      </p>
      <button
        type="button"
        data-testid="export.model"
        disabled={running || busy}
        title={running ? 'Pause or stop training to export' : undefined}
        onClick={() => void run(exportModel)}
      >
        Export model
      </button>{' '}
      <button
        type="button"
        data-testid="export.project"
        disabled={running || busy}
        title={running ? 'Pause or stop training to export' : undefined}
        onClick={() => void run(onProject)}
      >
        Export training project
      </button>
      {busy && (
        <p className="muted" role="status">
          Exporting…
        </p>
      )}
      {error !== null && (
        <p className="status error" role="alert" data-testid="export.error">
          {error}
        </p>
      )}
      {saved !== null && (
        <p className="muted" data-testid="export.saved">
          Saved {saved}
        </p>
      )}
    </section>
  );
}
