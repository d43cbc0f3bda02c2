/**
 * Writes a pending autosave at once when the tab is hidden or closed, or the page is left: the
 * last keystrokes are then on disk, not 400 ms away from it.
 */
import { useEffect } from 'react';

export function useSaveOnLeave(flush: () => Promise<void>): void {
  useEffect(() => {
    const save = () => void flush();
    const onHidden = () => {
      if (document.visibilityState === 'hidden') save();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', save);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [flush]);
}
