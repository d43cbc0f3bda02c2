/**
 * A worker's own connection to the database, opened on first use and kept. It is opened again
 * after another tab upgraded the database (which closes this one) or after an open that failed,
 * so a worker never goes on with a closed connection.
 */
import type { StorageUnavailableError } from '../src/core/errors';
import type { Result } from '../src/core/result';
import { openGradlabDb, type GradlabDb, type OpenGradlabDbOptions } from '../src/storage/open';

type Opened = Result<GradlabDb, StorageUnavailableError>;

export function workerDb(
  open: (options: OpenGradlabDbOptions) => Promise<Opened> = openGradlabDb,
): () => Promise<Opened> {
  let connection: Promise<Opened> | null = null;
  return () => {
    connection ??= open({
      onVersionChange: () => {
        connection = null;
      },
    }).then((opened) => {
      if (!opened.ok) connection = null;
      return opened;
    });
    return connection;
  };
}
