/** One point per finished epoch, as the curves chart draws them. */
export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
}
