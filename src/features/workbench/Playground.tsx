/**
 * The playground: its own experiment, every panel, nothing locked. Its experiment is autosaved as
 * it is edited; a pending save is written when the tab is hidden or closed.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { RunWeightsNote } from '../runs/RunWeightsNote';
import { useInWriteNotice } from '../storage-status/use-in-write-notice';
import { useSaveOnLeave } from '../ui/use-save-on-leave';
import { Workbench } from './Workbench';

export function Playground() {
  const error = useAppStore((s) => s.playgroundError);
  const shownAbove = useInWriteNotice(error);
  useEffect(() => useAppStore.getState().openPlayground(), []);
  useSaveOnLeave(useAppStore.getState().flushPlayground);
  return (
    <main className="playground workbench">
      {error !== null && !shownAbove && (
        <p className="error page-wide" role="alert" data-testid="playground.error">
          {error}{' '}
          <button type="button" onClick={() => useAppStore.getState().dismissPlaygroundError()}>
            Dismiss
          </button>
        </p>
      )}
      <RunWeightsNote />
      <Workbench />
    </main>
  );
}
