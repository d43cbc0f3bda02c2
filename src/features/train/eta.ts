/** How long the rest of a run will take, from its pace so far. */

export interface Pace {
  epochs: number;
  epochsDone: number;
  /** Batches done in the epoch under way. */
  batch: number;
  batchesPerEpoch: number;
  batchSize: number;
  samplesPerSec: number;
}

/** Seconds left, or null before there is a pace to go by. */
export function secondsLeft(pace: Pace): number | null {
  const { epochs, epochsDone, batch, batchesPerEpoch, batchSize, samplesPerSec } = pace;
  if (!(samplesPerSec > 0) || batchesPerEpoch <= 0) return null;
  const batchesLeft = Math.max(0, (epochs - epochsDone) * batchesPerEpoch - batch);
  return (batchesLeft * batchSize) / samplesPerSec;
}

export function describeSeconds(seconds: number): string {
  if (seconds < 1) return 'under a second left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  return `about ${hours} h ${Math.round((seconds - hours * 3600) / 60)} min left`;
}
