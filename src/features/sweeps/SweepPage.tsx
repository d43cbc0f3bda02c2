/** The page of one sweep (#/sweep/<id>): its view once the stored sweeps are read. */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { SweepView } from './SweepView';
import './sweeps.css';

export function SweepPage({ id }: { id: string }) {
  const record = useAppStore((s) => s.sweeps.find((r) => r.sweep.id === id) ?? null);
  const loaded = useAppStore((s) => s.sweepsLoaded);
  const error = useAppStore((s) => s.sweepsError);
  useEffect(() => {
    const state = useAppStore.getState();
    if (!state.sweepsLoaded) void state.refreshSweeps();
    void state.refreshRuns();
  }, []);

  if (record) return <SweepView record={record} />;
  return (
    <main className="sweep-page">
      {error !== null ? (
        <p className="error" role="alert" data-testid="sweep.error">
          {error}
        </p>
      ) : loaded ? (
        <>
          <h1>No such sweep</h1>
          <p>
            This browser keeps no sweep <code>{id}</code>; it may have been deleted.{' '}
            <a href="#/runs">See the runs and sweeps it keeps</a>.
          </p>
        </>
      ) : (
        <p className="muted">Loading the sweep…</p>
      )}
    </main>
  );
}
