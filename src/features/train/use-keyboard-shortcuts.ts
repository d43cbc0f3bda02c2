/**
 * Space trains, pauses and resumes, unless the focus is in a control that uses the key itself.
 * Off where Space should scroll, as in a notebook that is read more than it is trained.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON']);

export function useKeyboardShortcuts(enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ' ' || event.repeat || event.ctrlKey || event.metaKey || event.altKey)
        return;
      const target = event.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
      const { status, backend, train, pause, resume } = useAppStore.getState();
      if (!backend) return;
      event.preventDefault();
      if (status === 'running') pause();
      else if (status === 'paused') resume();
      else train();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
