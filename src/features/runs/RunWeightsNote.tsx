/**
 * On the playground: whose weights its model holds after Runs -> Load weights into playground,
 * while the experiment is still that run's (an edit of the data, layers or seed makes a new model).
 */
import { modelKey } from '../../core/experiment/experiment';
import { useAppStore } from '../../store';
import { originLabel } from './origin-label';

export function RunWeightsNote() {
  const note = useAppStore((s) => s.runWeights);
  const run = useAppStore((s) => s.runs.find((r) => r.id === s.runWeights?.runId));
  const key = useAppStore((s) => modelKey(s.editor.experiment));
  if (note === null || run === undefined || modelKey(run.experiment) !== key) return null;
  const dismiss = (
    <button type="button" onClick={() => useAppStore.getState().dismissRunWeights()}>
      Dismiss
    </button>
  );
  if (note.state === 'failed') {
    return (
      <p className="error page-wide" role="alert" data-testid="playground.runWeights">
        The weights of “{note.runName}” could not be loaded: {note.message} {dismiss}
      </p>
    );
  }
  return (
    <p className="page-wide" role="status" data-testid="playground.runWeights">
      {note.state === 'loading'
        ? `Loading the weights of “${note.runName}”…`
        : `The model holds the weights of “${note.runName}” (${originLabel(run)}): the views ` +
          'below show what it learnt.'}{' '}
      {note.state === 'loaded' && dismiss}
    </p>
  );
}
