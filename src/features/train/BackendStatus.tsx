/**
 * The active backend, why it was chosen, the adapter (or which WASM build runs), a control to
 * force another, and the note when the GPU under it was lost.
 */
import { BACKEND_CHOICES } from '../../core/protocol';
import { describeAdapter } from '../../core/train/backend-choice';
import { useAppStore } from '../../store';
import { SelectField } from '../ui/SelectField';
import { BackendLostNote } from './BackendLostNote';
import './train.css';

const OPTIONS = BACKEND_CHOICES.map((b) => ({ value: b, label: b }));

export function BackendStatus() {
  const backend = useAppStore((s) => s.backend);
  const choice = useAppStore((s) => s.backendChoice);
  const status = useAppStore((s) => s.status);
  const choose = useAppStore((s) => s.setBackendChoice);
  const device = backend?.adapter ? describeAdapter(backend.adapter) : backend?.renderer;
  return (
    <div className="backend">
      <div className="backend-text">
        <p
          data-testid="backend.status"
          title={
            backend
              ? [backend.variant ?? backend.backend, device].filter(Boolean).join(' · ')
              : undefined
          }
          className="backend-status"
        >
          {backend ? (
            <>
              <strong>{backend.variant ?? backend.backend}</strong>
              {device ? <span className="muted"> · {device}</span> : null}
            </>
          ) : (
            'starting…'
          )}
        </p>
        <p className="muted backend-reason" data-testid="backend.reason" title={backend?.reason}>
          {backend?.reason}
        </p>
      </div>
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
