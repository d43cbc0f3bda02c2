/**
 * The playground's experiment, autosaved, so it comes back after a reload. It is kept in the
 * `settings` store (key `playground`) and read through the experiment's own validator. A saved
 * value that does not read is moved aside under a key of its own, never overwritten, and the
 * caller is told where it went.
 */
import { validateExperiment } from '../core/experiment/validate';
import type { Experiment } from '../core/experiment/experiment';
import { StorageCorruptError, type StorageUnavailableError } from '../core/errors';
import { isRecord } from '../core/is-record';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

const KEY = 'playground';
const FORMAT = 1;

/** The saved playground experiment; null when none was saved. */
export async function loadPlayground(
  db: GradlabDb,
  now: Date = new Date(),
): Promise<Result<Experiment | null, StorageCorruptError | StorageUnavailableError>> {
  let saved: unknown;
  try {
    saved = await db.get('settings', KEY);
  } catch (error) {
    return err(toReadError(error, 'read the saved playground'));
  }
  if (saved === undefined) return ok(null);
  const problem =
    !isRecord(saved) || saved.format !== FORMAT
      ? 'it is not a playground this version knows'
      : null;
  const experiment =
    problem === null && isRecord(saved) ? validateExperiment(saved.experiment) : null;
  if (experiment?.ok) return ok(experiment.value);
  const aside = `${KEY}-unreadable-${now.toISOString()}`;
  const moved = await write(db, ['settings'], 'keep the unreadable playground', async (tx) => {
    const store = tx.objectStore('settings');
    await store.put(saved, aside);
    await store.delete(KEY);
  });
  const why = problem ?? (experiment && !experiment.ok ? experiment.error.message : '');
  return err(
    new StorageCorruptError(
      `The saved playground could not be read (${why}), so it starts from the default ` +
        'experiment. ' +
        (moved.ok
          ? `The saved one is kept in this browser's storage under "${aside}" (Export everything includes it).`
          : `It is still in this browser's storage under "${KEY}".`),
    ),
  );
}

export const savePlayground = (
  db: GradlabDb,
  experiment: Experiment,
): Promise<Result<void, WriteError>> =>
  write(db, ['settings'], 'save the playground', async (tx) => {
    await tx.objectStore('settings').put({ format: FORMAT, experiment }, KEY);
  });
