/** When the run was last saved, so a reload is known to be safe. */
import { useAppStore } from '../../store';

export function CheckpointNote() {
  const checkpoint = useAppStore((s) => s.checkpoint);
  if (!checkpoint) return null;
  return (
    <p className="muted checkpoint-note" data-testid="train.checkpoint">
      Saved at epoch {checkpoint.epoch}: a reload can resume from there.
    </p>
  );
}
