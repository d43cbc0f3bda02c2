/**
 * Small preferences (the forced backend, the storage panel's choices) as JSON values by name.
 * What comes back was written by any past version of the app, so every read is parsed by the
 * caller, and a setting that is missing, unreadable or no longer valid reads as null: the
 * default applies, which beats failing over a preference.
 */
import type { Result } from '../core/result';
import type { GradlabDb } from './open';
import { write, type WriteError } from './write';

export type SettingValue =
  string | number | boolean | null | SettingValue[] | { [key: string]: SettingValue };

export async function getSetting<T>(
  db: GradlabDb,
  key: string,
  parse: (raw: unknown) => T | null,
): Promise<T | null> {
  try {
    const raw: unknown = await db.get('settings', key);
    return raw === undefined ? null : parse(raw);
  } catch {
    return null;
  }
}

export const putSetting = (
  db: GradlabDb,
  key: string,
  value: SettingValue,
): Promise<Result<void, WriteError>> =>
  write(db, ['settings'], `save the setting "${key}"`, async (tx) => {
    await tx.objectStore('settings').put(value, key);
  });
