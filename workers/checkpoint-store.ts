/** The training worker's checkpoints, kept in IndexedDB so a reload or a crash can resume. */
import type { GradlabError } from '../src/core/errors';
import type { Result } from '../src/core/result';
import type { CheckpointStore } from '../src/engine/train/controller';
import { loadCheckpoint, saveCheckpoint } from '../src/storage/checkpoints-repo';
import type { GradlabDb } from '../src/storage/open';

export function checkpointStore(
  openDb: () => Promise<Result<GradlabDb, GradlabError>>,
): CheckpointStore {
  return {
    async save(checkpoint) {
      const db = await openDb();
      return db.ok ? saveCheckpoint(db.value, checkpoint) : db;
    },
    async load(runId) {
      const db = await openDb();
      return db.ok ? loadCheckpoint(db.value, runId) : db;
    },
  };
}
