/** A run's "Export training project" (Runs page): the run's experiment, weights and curves. */
import type { StoredRun } from '../../core/runs/stored-run';
import { useAppStore } from '../../store';
import { exportProject } from './project-export';
import { useExport } from './use-export';

export function RunProjectExport({ run }: { run: StoredRun }) {
  const [{ busy, saved, error }, start] = useExport();
  const onExport = () =>
    start(() =>
      exportProject(useAppStore.getState(), {
        experiment: run.experiment,
        runId: run.id,
        epochs: run.epochs,
        datasetSha256: run.datasetSha256,
        weights: run.weights,
      }),
    );

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
      {error !== null && (
        <span className="status error" role="alert">
          {error}
        </span>
      )}
      {saved !== null && (
        <span className="muted" role="status">
          Saved {saved}
        </span>
      )}
    </>
  );
}
