/**
 * A question about the worker's current model, asked again whenever `key` changes (an epoch ends,
 * the model or the backend changes, the question itself changes) but never twice at once: while
 * one is out, only the newest key waits, and it is asked when the answer is back. So a run that
 * finishes many epochs a second is asked about as often as the worker can answer, and no more.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';

/** Waits this long after a change before asking: typing, or the worker rebuilding its model. */
const ASK_DELAY_MS = 150;

export interface ModelAnswer<T> {
  key: string;
  value: T;
}

export function useModelAnswer<T>(
  ask: (() => Promise<T | null>) | null,
  key: string,
): ModelAnswer<T> | null {
  const [answer, setAnswer] = useState<ModelAnswer<T> | null>(null);
  const waiting = useRef<{ key: string; ask: () => Promise<T | null> } | null>(null);
  const busy = useRef(false);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    if (!ask) return;
    waiting.current = { key, ask };
    const send = () => {
      const next = waiting.current;
      if (!next || busy.current || !live.current) return;
      waiting.current = null;
      busy.current = true;
      void next.ask().then((value) => {
        busy.current = false;
        if (!live.current) return;
        if (value !== null) setAnswer({ key: next.key, value });
        send();
      });
    };
    const timer = setTimeout(send, ASK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ask, key]);

  return answer;
}

/**
 * What says the model changed: a new model, another backend, an epoch done, new insights (after
 * shared weights were loaded). Part of every key of the sequence views.
 */
export function useModelVersion(): string {
  const model = useAppStore((s) => s.modelKey);
  const backend = useAppStore((s) => s.backend?.backend ?? null);
  const epochs = useAppStore((s) => s.history.length);
  const insights = useAppStore((s) => s.insights?.epoch ?? -1);
  return `${model ?? ''}|${backend ?? ''}|${epochs}|${insights}`;
}
