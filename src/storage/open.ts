/**
 * Opening the `gradlab` database, on the main thread or in a worker. Every way it can fail (no
 * IndexedDB, a private window, an upgrade blocked by an older tab, data from a newer app) becomes
 * a StorageUnavailableError that tells the user their work will not be kept and what to do; its
 * subclass says which, since only a browser that refuses storage is worth running from memory.
 */
import { wrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { describeError } from './quota';
import { DB_NAME, DB_VERSION, type GradlabSchema } from './schema';
import { upgradeGradlabDb } from './upgrade';

export type GradlabDb = IDBPDatabase<GradlabSchema>;
type UpgradeTransaction = IDBPTransaction<
  GradlabSchema,
  StoreNames<GradlabSchema>[],
  'versionchange'
>;

/** The browser refused or lacks storage (private window, corruption); `reason` is what it said. */
export class StorageRefusedError extends StorageUnavailableError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** An older tab holds the database open and did not let go in time for the upgrade. */
export class StorageBlockedError extends StorageUnavailableError {}

/** The database was upgraded by a newer version of the app than this page. */
export class StorageTooNewError extends StorageUnavailableError {}

export interface OpenGradlabDbOptions {
  /** Database name; tests give each case its own. */
  name?: string;
  /**
   * Where to open it instead of the global `indexedDB` (an in-memory one when the browser's
   * fails). idb recognises IDB objects by the global IDB* classes, so the caller makes those
   * this factory's (app-db.ts does).
   */
  factory?: IDBFactory;
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
  const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    return err(
      new StorageRefusedError(
        `This browser gives Gradlab no storage (IndexedDB is missing), ${NOT_KEPT}. ` +
          'Use an up-to-date browser in a normal (not private) window to keep your work.',
        'IndexedDB is missing',
      ),
    );
  }

  let gaveUp = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp: (error: StorageBlockedError) => void = () => undefined;
  const blockedTooLong = new Promise<StorageBlockedError>((resolve) => (giveUp = resolve));

  let opening: Promise<GradlabDb>;
  try {
    opening = openWith(factory, options.name ?? DB_NAME, {
      blocked: () => {
        timer ??= setTimeout(() => {
          gaveUp = true;
          giveUp(blockedError());
        }, options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS);
      },
      versionChange: (db) => {
        // Holding on would block the other tab's upgrade for as long as this one stays open.
        db.close();
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
    return outcome instanceof StorageBlockedError ? err(outcome) : ok(outcome);
  } catch (error) {
    return err(openError(error));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * idb's `openDB` on a given factory. The versionchange listener goes on the connection as soon as
 * it exists, before anyone awaits it, so no other tab's upgrade can slip past it.
 */
function openWith(
  factory: IDBFactory,
  name: string,
  on: { blocked(): void; versionChange(db: IDBDatabase): void },
): Promise<GradlabDb> {
  const request = factory.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    const { transaction } = request;
    // Always set during upgradeneeded; the check only satisfies the DOM typings.
    if (transaction === null) return;
    upgradeGradlabDb(
      wrap(request.result) as GradlabDb,
      event.oldVersion,
      event.newVersion,
      wrap(transaction) as unknown as UpgradeTransaction,
    );
  });
  request.addEventListener('blocked', () => on.blocked());
  request.addEventListener('success', () => {
    const db = request.result;
    db.addEventListener('versionchange', () => on.versionChange(db));
  });
  return wrap(request) as Promise<GradlabDb>;
}

function blockedError(): StorageBlockedError {
  return new StorageBlockedError(
    'Gradlab needs to update its storage, but another Gradlab tab is still using the old ' +
      `version, ${NOT_KEPT}. Close other Gradlab tabs, then reload this one.`,
  );
}

function openError(error: unknown): StorageTooNewError | StorageRefusedError {
  if (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    error.name === 'VersionError'
  ) {
    return new StorageTooNewError(
      'This browser holds Gradlab data saved by a newer version of the app, which this page ' +
        `cannot read, ${NOT_KEPT}. Reload the page to get the newest version.`,
    );
  }
  const reason = describeError(error);
  return new StorageRefusedError(
    `Gradlab cannot open this browser's storage (${reason}), ${NOT_KEPT}. ` +
      'Private windows and strict privacy settings block storage: use a normal window to keep ' +
      'your work, or reload the page if it was already working.',
    reason,
  );
}
