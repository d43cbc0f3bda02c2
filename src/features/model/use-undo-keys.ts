/**
 * Ctrl/Cmd+Z undoes a model edit, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes it. Text fields outside the
 * model panel keep their own undo; inside it, a field's edits are model edits, so the model's
 * history answers there too.
 */
import { useEffect, type RefObject } from 'react';

const TEXT_ENTRY = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function useUndoKeys(
  panel: RefObject<HTMLElement | null>,
  enabled: boolean,
  actions: { undo(): void; redo(): void },
) {
  const { undo, redo } = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const isRedo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      if (key !== 'z' && !isRedo) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const inPanel = target !== null && panel.current?.contains(target) === true;
      if (target && !inPanel && (TEXT_ENTRY.has(target.tagName) || target.isContentEditable)) {
        return;
      }
      event.preventDefault();
      if (isRedo) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panel, enabled, undo, redo]);
}
