/**
 * Opening the `gradlab` database, on the main thread or in a worker. Every way it can fail (no
 * IndexedDB, a private window, an upgrade blocked by an older tab, data from a newer app) becomes
 * a StorageUnavailableError that tells the user their work will not be kept and what to do.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { describeError } from './quota';
import { DB_NAME, DB_VERSION, type GradlabSchema } from './schema';
import { upgradeGradlabDb } from './upgrade';

export type GradlabDb = IDBPDatabase<GradlabSchema>;

export interface OpenGradlabDbOptions {
  /** Database name; tests give each case its own. */
  name?: string;
  /**
   * Called after this connection was closed because another tab opened a newer schema. The
   * connection cannot be used any more: reload, or open again once that tab has upgraded.
   */
  onVersionChange?: () => void;
  /** How long an upgrade blocked by an older tab may wait for it to close before giving up. */
  blockedTimeoutMs?: number;
}

/** Long enough for another tab to run its own versionchange handler and close. */
export const DEFAULT_BLOCKED_TIMEOUT_MS = 3000;

const NOT_KEPT = 'so datasets, notebooks and runs will not be kept after you close this tab';

export async function openGradlabDb(
  options: OpenGradlabDbOptions = {},
): Promise<Result<GradlabDb, StorageUnavailableError>> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    return err(
      new StorageUnavailableError(
        `This browser gives Gradlab no storage (IndexedDB is missing), ${NOT_KEPT}. ` +
          'Use an up-to-date browser in a normal (not private) window to keep your work.',
      ),
    );
  }

  let connection: GradlabDb | undefined;
  let gaveUp = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp: (error: StorageUnavailableError) => void = () => undefined;
  const blockedTooLong = new Promise<StorageUnavailableError>((resolve) => (giveUp = resolve));

  let opening: Promise<GradlabDb>;
  try {
    opening = openDB<GradlabSchema>(options.name ?? DB_NAME, DB_VERSION, {
      upgrade: upgradeGradlabDb,
      blocked: () => {
        timer ??= setTimeout(() => {
          gaveUp = true;
          giveUp(blockedError());
        }, options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS);
      },
      blocking: () => {
        // Holding on would block the other tab's upgrade for as long as this one stays open.
        connection?.close();
        options.onVersionChange?.();
      },
    });
  } catch (error) {
    // indexedDB.open itself throws where storage is forbidden (sandboxed frames, opaque origins).
    return err(openError(error));
  }
  // An open we gave up on may still succeed once the older tab closes; nobody holds it then.
  opening.then(
    (db) => (gaveUp ? db.close() : undefined),
    () => undefined,
  );

  try {
    const outcome = await Promise.race([opening, blockedTooLong]);
    if (outcome instanceof StorageUnavailableError) return err(outcome);
    connection = outcome;
    return ok(outcome);
  } catch (error) {
    return err(openError(error));
  } finally {
    clearTimeout(timer);
  }
}

function blockedError(): StorageUnavailableError {
  return new StorageUnavailableError(
    'Gradlab needs to update its storage, but another Gradlab tab is still using the old ' +
      `version, ${NOT_KEPT}. Close other Gradlab tabs, then reload this one.`,
  );
}

function openError(error: unknown): StorageUnavailableError {
  if (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    error.name === 'VersionError'
  ) {
    return new StorageUnavailableError(
      'This browser holds Gradlab data saved by a newer version of the app, which this page ' +
        `cannot read, ${NOT_KEPT}. Reload the page to get the newest version.`,
    );
  }
  return new StorageUnavailableError(
    `Gradlab cannot open this browser's storage (${describeError(error)}), ${NOT_KEPT}. ` +
      'Private windows and strict privacy settings block storage: use a normal window to keep ' +
      'your work, or reload the page if it was already working.',
  );
}
