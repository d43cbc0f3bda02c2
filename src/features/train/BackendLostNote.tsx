/** Says that the GPU was lost during the session and what the worker did about it. */
import { useAppStore } from '../../store';

export function BackendLostNote() {
  const lost = useAppStore((s) => s.backendLost);
  const dismiss = useAppStore((s) => s.dismissBackendLost);
  if (!lost) return null;
  return (
    <div className="resume-banner backend-lost" role="status" data-testid="train.backendLost">
      <p>{lost.message}</p>
      <div className="buttons">
        <button type="button" data-testid="train.backendLost.dismiss" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
