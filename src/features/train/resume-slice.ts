/**
 * "Resume" after a reload or a crash: the newest checkpoint of a run that did not finish is
 * offered; resuming puts its settings back in the editors, its curve back in the chart, and asks
 * the worker to go on from it.
 */
import type { BuiltinDatasetRef, DatasetRef } from '../../core/data/dataset';
import { datasetRefName } from '../../core/data/ref';
import type { TrainJob } from '../../core/protocol';
import type { Checkpoint } from '../../core/runs/checkpoint';
import { DEFAULT_CONFIG } from '../../core/train/config';
import { deleteCheckpoint, latestCheckpoint } from '../../storage/checkpoints-repo';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { appDb } from '../../storage/app-db';
import type { WorkerLink } from './worker-link';

export interface Interrupted {
  runId: string;
  epoch: number;
  epochs: number;
  datasetName: string;
  checkpoint: Checkpoint;
}

export interface ResumeSlice {
  interrupted: Interrupted | null;
  lookForInterruptedRun(): Promise<void>;
  resumeInterrupted(): Promise<void>;
  discardInterrupted(): Promise<void>;
}

/** Puts a job's dataset, layers and settings back into the editors (resume, opened bundles). */
export async function applyJob(job: TrainJob, state: AppState): Promise<void> {
  const ref = job.dataset as DatasetRef;
  if (ref.kind === 'builtin') {
    const builtin = ref as BuiltinDatasetRef;
    state.setDatasetSettings({
      generator: builtin.generator,
      size: builtin.params.size,
      noise: builtin.params.noise,
      seed: job.config.seed,
      ...(builtin.params.classes === undefined ? {} : { classes: builtin.params.classes }),
    });
  } else if (ref.kind === 'shipped' || ref.kind === 'local') {
    await state.chooseStored(ref);
    state.setDatasetSettings({ seed: job.config.seed });
  }
  state.setLayers(job.model.layers.slice(0, -1));
  const { config } = job;
  state.setTrainSettings({
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    schedule: config.schedule ?? DEFAULT_CONFIG.schedule,
    loss: config.loss,
    l1: config.l1 ?? 0,
    l2: config.l2 ?? 0,
    batchSize: config.batchSize,
    epochs: config.epochs,
    validationSplit: config.validationSplit,
  });
}

export function createResumeSlice(link: WorkerLink): Slice<AppState, ResumeSlice> {
  return (set, get) => ({
    interrupted: null,
    async lookForInterruptedRun() {
      const db = await appDb();
      if (!db.ok) return;
      const latest = await latestCheckpoint(db.value);
      const checkpoint = latest.ok ? latest.value : null;
      if (!checkpoint || checkpoint.epoch >= checkpoint.job.config.epochs) return;
      set({
        interrupted: {
          runId: checkpoint.runId,
          epoch: checkpoint.epoch,
          epochs: checkpoint.job.config.epochs,
          datasetName: datasetRefName(checkpoint.job.dataset as DatasetRef),
          checkpoint,
        },
      });
    },
    async resumeInterrupted() {
      const interrupted = get().interrupted;
      if (!interrupted) return;
      const { checkpoint } = interrupted;
      set({ interrupted: null });
      await applyJob(checkpoint.job, get());
      // Running at once, so the reset that the settings changes schedule does not end the run.
      set({ history: checkpoint.history, status: 'running', trainError: null, insights: null });
      link.send({ type: 'resumeFrom', job: checkpoint.job, runId: checkpoint.runId });
    },
    async discardInterrupted() {
      const interrupted = get().interrupted;
      set({ interrupted: null });
      const db = await appDb();
      if (interrupted && db.ok) await deleteCheckpoint(db.value, interrupted.runId);
    },
  });
}
