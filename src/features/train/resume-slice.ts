/**
 * "Resume" after a reload or a crash: the newest checkpoint of a run that did not finish is
 * offered where the run trained (the playground, or its notebook cell), with the run's experiment
 * in the editors; resuming puts its curve back and asks the worker to go on from it.
 */
import { datasetRefName } from '../../core/data/ref';
import { samePlace } from '../../core/experiment/experiment';
import type { Checkpoint } from '../../core/runs/checkpoint';
import type { UnreadableRecord } from '../../core/runs/stored-run';
import { appDb } from '../../storage/app-db';
import { deleteCheckpoint, latestCheckpoint, loadCheckpoint } from '../../storage/checkpoints-repo';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';

export interface Interrupted {
  runId: string;
  epoch: number;
  epochs: number;
  datasetName: string;
  checkpoint: Checkpoint;
}

export interface ResumeSlice {
  interrupted: Interrupted | null;
  /** Newer checkpoints that could not be read, so their runs cannot resume; shown, kept. */
  unreadableCheckpoints: UnreadableRecord[];
  lookForInterruptedRun(): Promise<void>;
  /**
   * Offers Resume for run `runId`, which ended without finishing (its worker died), when it saved
   * a checkpoint; the editors already show its experiment.
   */
  offerResumeOf(runId: string): Promise<void>;
  resumeInterrupted(): void;
  discardInterrupted(): Promise<void>;
}

/** Whether the interrupted run trained where the editors are now, so it can resume here. */
export const resumesHere = (state: Pick<AppState, 'interrupted' | 'place'>): boolean =>
  state.interrupted !== null && samePlace(state.interrupted.checkpoint.job.place, state.place);

/** What the Resume banner says of a checkpoint; null when its run already finished. */
function interruptedBy(checkpoint: Checkpoint): Interrupted | null {
  const { experiment } = checkpoint.job;
  if (checkpoint.epoch >= experiment.config.epochs) return null;
  return {
    runId: checkpoint.runId,
    epoch: checkpoint.epoch,
    epochs: experiment.config.epochs,
    datasetName: datasetRefName(experiment.dataset),
    checkpoint,
  };
}

export function createResumeSlice(): Slice<AppState, ResumeSlice> {
  return (set, get) => ({
    interrupted: null,
    unreadableCheckpoints: [],
    async lookForInterruptedRun() {
      const db = await appDb();
      if (!db.ok) return;
      const latest = await latestCheckpoint(db.value);
      if (!latest.ok) return;
      const { checkpoint, unreadable } = latest.value;
      set({ unreadableCheckpoints: unreadable });
      const interrupted = checkpoint && interruptedBy(checkpoint);
      if (!interrupted) return;
      set({ interrupted });
      // The editors show what the run trained, so Resume goes on with what is on screen.
      const { experiment, place } = interrupted.checkpoint.job;
      if (samePlace(place, get().place)) get().openExperiment(experiment, place, get().lesson);
    },
    async offerResumeOf(runId) {
      const db = await appDb();
      if (!db.ok) return;
      const loaded = await loadCheckpoint(db.value, runId);
      const interrupted = loaded.ok && loaded.value && interruptedBy(loaded.value);
      // A run started since has its own checkpoints; this one's offer would be stale.
      if (interrupted && get().run === null) set({ interrupted });
    },
    resumeInterrupted() {
      const state = get();
      if (!resumesHere(state) || state.interrupted === null) return;
      const { checkpoint } = state.interrupted;
      set({ interrupted: null });
      state.resumeRun(checkpoint);
    },
    async discardInterrupted() {
      const interrupted = get().interrupted;
      set({ interrupted: null });
      const db = await appDb();
      if (interrupted && db.ok) await deleteCheckpoint(db.value, interrupted.runId);
    },
  });
}
