/**
 * Where the model trains, in a plain sentence, with the active backend, its adapter (or which
 * WASM build runs), why it was chosen and what auto measured behind a details toggle; a control
 * to force another, and the note when the GPU under it was lost.
 */
import { BACKEND_CHOICES } from '../../core/protocol';
import { describeAdapter } from '../../core/train/backend-choice';
import { backendSentence } from '../../core/train/backend-sentence';
import { measurementLine } from '../../core/train/measured-choice';
import { useAppStore } from '../../store';
import { SelectField } from '../ui/SelectField';
import { BackendLostNote } from './BackendLostNote';
import './backend-status.css';
// The lost-GPU note's banner style.
import './train.css';

const OPTIONS = BACKEND_CHOICES.map((b) => ({ value: b, label: b }));

export function BackendStatus() {
  const backend = useAppStore((s) => s.backend);
  const choice = useAppStore((s) => s.backendChoice);
  const status = useAppStore((s) => s.status);
  const choose = useAppStore((s) => s.setBackendChoice);
  const device = backend?.adapter ? describeAdapter(backend.adapter) : backend?.renderer;
  const sentence = backend ? backendSentence(backend, choice) : 'Starting the training engine…';
  return (
    <div className="backend">
      <details className="backend-details">
        <summary title={sentence}>
          <span className="backend-sentence" data-testid="backend.summary">
            {sentence}
          </span>
        </summary>
        <div className="backend-more">
          <p data-testid="backend.status" className="backend-status">
            {backend ? (
              <>
                <strong>{backend.variant ?? backend.backend}</strong>
                {device ? <span className="muted"> · {device}</span> : null}
              </>
            ) : (
              'starting…'
            )}
          </p>
          <p className="muted backend-reason" data-testid="backend.reason">
            {backend?.reason}
          </p>
          {backend?.measurement ? (
            <p className="muted backend-measured" data-testid="backend.measured">
              {measurementLine(backend.measurement, backend.backend)}
            </p>
          ) : null}
        </div>
      </details>
      <SelectField
        label="Backend"
        value={choice}
        options={OPTIONS}
        disabled={status === 'running' || status === 'paused'}
        testId="backend.select"
        onChange={choose}
      />
      <BackendLostNote />
    </div>
  );
}
