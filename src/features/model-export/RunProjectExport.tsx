/** A run's "Export training project" (Runs page): the run's experiment, weights and curves. */
import { useState } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import { useAppStore } from '../../store';
import { exportProject } from './project-export';

export function RunProjectExport({ run }: { run: StoredRun }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const onExport = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const fileName = await exportProject(useAppStore.getState(), {
        experiment: run.experiment,
        runId: run.id,
        epochs: run.epochs,
        datasetSha256: run.datasetSha256,
        weights: run.weights,
      });
      setMessage({ error: false, text: `Saved ${fileName}` });
    } catch (e) {
      setMessage({
        error: true,
        text: `Export failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        data-testid="export.project"
        disabled={busy}
        aria-label={`Export training project of ${run.name}`}
        onClick={() => void onExport()}
      >
        {busy ? 'Exporting…' : 'Export training project'}
      </button>
      {message && (
        <span
          className={message.error ? 'status error' : 'muted'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </span>
      )}
    </>
  );
}
