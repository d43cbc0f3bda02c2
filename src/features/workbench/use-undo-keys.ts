/**
 * Ctrl/Cmd+Z undoes an edit of the experiment, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes it. Text fields
 * outside the workbench (a notebook's text, its title) keep their own undo; inside it, a field's
 * edits are edits of the experiment, so the experiment's history answers there too.
 */
import { useEffect } from 'react';

const TEXT_ENTRY = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** The element the workbench is rendered in (the playground, or a notebook's open cell). */
export const WORKBENCH_SCOPE = '.workbench';

export function useUndoKeys(enabled: boolean, actions: { undo(): void; redo(): void }) {
  const { undo, redo } = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const isRedo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      if (key !== 'z' && !isRedo) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const inWorkbench = target?.closest(WORKBENCH_SCOPE) != null;
      if (target && !inWorkbench && (TEXT_ENTRY.has(target.tagName) || target.isContentEditable)) {
        return;
      }
      event.preventDefault();
      if (isRedo) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, undo, redo]);
}
