/**
 * "Export model": asks the training worker for its current model in the TF.js layers format and
 * downloads it as `<dataset>-model.zip`, together with a Keras script that rebuilds it.
 */
import { useState } from 'react';
import type { ExportedEvent } from '../../core/protocol';
import { useAppStore } from '../../store';
import { datasetInfo } from '../data/slice';
import { jobOf } from '../train/slice';
import { exportMatches } from './export-matches';
import { modelZip, zipFileName } from './model-zip';
import { downloadFile } from '../download';

/** The worker answers within a second for any model Gradlab allows; silence means it is gone. */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * The worker's export, or the error it reported instead (an `error` event sets trainError and
 * leaves the question unanswered), or a timeout.
 */
function askForExport(): Promise<ExportedEvent> {
  const store = useAppStore;
  const errorBefore = store.getState().trainError;
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error('The training worker did not answer. Reload the page and try again.'));
    }, ANSWER_TIMEOUT_MS);
    const unsubscribe = store.subscribe((state) => {
      if (state.trainError !== null && state.trainError !== errorBefore) {
        stop();
        reject(new Error(state.trainError));
      }
    });
    store
      .getState()
      .ask<'export'>({ type: 'export' })
      .then(
        (answer) => {
          stop();
          resolve(answer);
        },
        (error: unknown) => {
          stop();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
  });
}

async function exportModel(): Promise<string> {
  const state = useAppStore.getState();
  const dataset = datasetInfo(state);
  if (!dataset || state.backend === null) {
    throw new Error(
      'There is no model to export yet: wait until the dataset and the backend are ready, ' +
        'then train the model.',
    );
  }
  const spec = jobOf(state).model;
  const exported = await askForExport();
  const matches = exportMatches(exported.modelJson, spec, dataset.inputShape);
  if (!matches.ok) throw matches.error;
  const fileName = zipFileName(dataset.name);
  const zip = modelZip({
    exported,
    spec,
    inputShape: dataset.inputShape,
    datasetName: dataset.name,
  });
  downloadFile(zip, fileName, 'application/zip');
  return fileName;
}

export function ExportPanel() {
  const running = useAppStore((s) => s.status === 'running');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const onExport = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await exportModel());
    } catch (e) {
      setError(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="muted">
        The model as TensorFlow.js files (model.json, weights.bin) and a Keras script that rebuilds
        it in Python, in one ZIP.
      </p>
      <button
        type="button"
        data-testid="export.model"
        disabled={running || busy}
        title={running ? 'Pause or stop training to export' : undefined}
        onClick={() => void onExport()}
      >
        {busy ? 'Exporting…' : 'Export model'}
      </button>
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
