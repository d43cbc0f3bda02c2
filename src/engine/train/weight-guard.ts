/**
 * Keeps copies of the weights so a run whose loss turns NaN or infinite can go back to weights
 * known to be good. Losses are read back asynchronously, so when a read taken at step k comes back
 * finite it vouches for the weights captured at the *previous* read (their loss is part of the
 * sum), not for those captured at step k. Copies stay on the device: no readback.
 */
import * as tf from '@tensorflow/tfjs';

export class WeightGuard {
  private trusted: tf.Tensor[];
  /** Captured copies not yet vouched for, oldest first; at most two with one read in flight. */
  private unverified: tf.Tensor[][] = [];

  constructor(private readonly model: tf.LayersModel) {
    this.trusted = this.copy();
  }

  /** Call when taking a snapshot of the loss sums. */
  capture(): void {
    this.unverified.push(this.copy());
  }

  /** Call when the sums snapshotted at the latest capture came back finite. */
  verified(): void {
    while (this.unverified.length > 1) {
      tf.dispose(this.trusted);
      this.trusted = this.unverified.shift() ?? [];
    }
  }

  restore(): void {
    this.model.setWeights(this.trusted);
    // The model's variables now share the trusted tensors' data (reference counted), so our handles
    // can go and a fresh copy stays independent of later steps.
    tf.dispose(this.trusted);
    this.trusted = this.copy();
    this.dropUnverified();
  }

  dispose(): void {
    tf.dispose(this.trusted);
    this.dropUnverified();
  }

  private dropUnverified(): void {
    for (const weights of this.unverified) tf.dispose(weights);
    this.unverified = [];
  }

  private copy(): tf.Tensor[] {
    return this.model.getWeights().map((w) => tf.keep(w.clone()));
  }
}
