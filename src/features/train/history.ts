/** One point per finished epoch, as the curves chart draws them (and checkpoints keep them). */
export type { EpochRecord as EpochPoint } from '../../core/runs/epoch';
