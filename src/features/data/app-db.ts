/** The page's own IndexedDB connection (the workers open theirs), opened on first use. */
import type { StorageUnavailableError } from '../../core/errors';
import type { Result } from '../../core/result';
import { openGradlabDb, type GradlabDb } from '../../storage/open';

let connection: Promise<Result<GradlabDb, StorageUnavailableError>> | null = null;

export function appDb(): Promise<Result<GradlabDb, StorageUnavailableError>> {
  connection ??= openGradlabDb();
  return connection;
}
