/** The latest numbers of the run, as plain text the e2e tests and screen readers can read. */
import { useAppStore } from '../../store';

const format = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits);

export function MetricsPanel() {
  const progress = useAppStore((s) => s.progress);
  const last = useAppStore((s) => s.history.at(-1));
  // Progress reports are throttled: show whichever of them and the last epoch end is newer.
  const live = progress && progress.epoch > (last?.epoch ?? 0) ? progress : null;
  const epoch = live?.epoch ?? last?.epoch ?? 0;
  const rows: [string, string, string][] = [
    ['Epoch', 'metrics.epoch', String(epoch)],
    ['Train loss', 'metrics.loss', format(live ? live.loss : last?.trainLoss)],
    ['Train accuracy', 'metrics.accuracy', format(live ? live.accuracy : last?.trainAccuracy)],
    ['Validation loss', 'metrics.valLoss', format(last?.validationLoss)],
    ['Validation accuracy', 'metrics.valAccuracy', format(last?.validationAccuracy)],
    ['Samples/s', 'metrics.samplesPerSec', format(progress?.samplesPerSec, 0)],
  ];
  return (
    <dl className="metrics" aria-live="off">
      {rows.map(([label, testId, value]) => (
        <div key={testId}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
