/**
 * "Sweep...": opens the Sweep dialog for an experiment. The dialog loads with its first opening,
 * so the pages that show the button do not carry it.
 */
import { lazy, Suspense, useState } from 'react';
import type { Experiment, ExperimentPlace } from '../../core/experiment/experiment';
import { PLAYGROUND } from '../../core/experiment/experiment';
import { useAppStore } from '../../store';

const SweepDialog = lazy(() =>
  import('./SweepDialog').then((module) => ({ default: module.SweepDialog })),
);

export interface SweepButtonProps {
  base: Experiment;
  place: ExperimentPlace;
  /** Says what is swept, for a button among many (a run row). */
  label?: string;
}

export function SweepButton({ base, place, label }: SweepButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        data-testid="sweep.open"
        aria-label={label}
        title="Train this experiment many times with a few settings varied, and compare"
        onClick={() => setOpen(true)}
      >
        Sweep…
      </button>
      {open && (
        <Suspense fallback={null}>
          <SweepDialog experiment={base} place={place} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

/** The playground's Sweep button: its experiment as it is in the editors. */
export function PlaygroundSweepButton() {
  const experiment = useAppStore((s) => s.editor.experiment);
  const inPlayground = useAppStore((s) => s.place.kind === 'playground');
  return inPlayground ? <SweepButton base={experiment} place={PLAYGROUND} /> : null;
}
