/** What every data job gets: its progress reporter, its cancel signal and the database. */
import type { DataPhase } from '../../src/core/data-protocol';
import type { GradlabDb } from '../../src/storage/open';

export interface JobContext {
  db: GradlabDb;
  signal: AbortSignal;
  /** `detail` names the part, e.g. "file 1 of 2", when a job has several. */
  progress(phase: DataPhase, loaded: number, total: number | null, detail?: string): void;
}
