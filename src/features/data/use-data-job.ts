/** One data-worker job at a time for a panel: its progress, its error, and cancel. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataEvent, DataPhase } from '../../core/data-protocol';
import { requestData, type AnswerTo, type DataJob } from './data-client';

export interface JobProgress {
  phase: DataPhase;
  loaded: number;
  total: number | null;
  detail?: string;
}

type Request = Parameters<typeof requestData>[0];

export function useDataJob() {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<DataJob<unknown> | null>(null);

  useEffect(() => () => current.current?.cancel(), []);

  const run = useCallback(
    async <R extends Request>(request: R): Promise<AnswerTo<R['type']> | null> => {
      setError(null);
      setProgress({ phase: 'read', loaded: 0, total: null });
      const job = requestData(request, (event: Extract<DataEvent, { type: 'progress' }>) =>
        setProgress({
          phase: event.phase,
          loaded: event.loaded,
          total: event.total,
          ...(event.detail ? { detail: event.detail } : {}),
        }),
      );
      current.current = job;
      const answer = await job.done;
      if (current.current === job) current.current = null;
      setProgress(null);
      if (!answer.ok) {
        setError(answer.error.message);
        return null;
      }
      return answer.value;
    },
    [],
  );

  const cancel = useCallback(() => current.current?.cancel(), []);
  return { run, cancel, progress, running: progress !== null, error, setError };
}
