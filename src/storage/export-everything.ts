/**
 * "Export everything": what this browser holds for Gradlab as one ZIP, for a user about to lose it
 * (storage running from memory, a reset, a browser change). Read in one transaction, so the
 * files agree with each other. Records are written as stored, even ones this version cannot
 * parse: an export must not drop what a later version could read.
 *   README.txt              what is here and what is not
 *   notebooks/<id>.json     each notebook's draft bundle (opens in Gradlab as a .json file)
 *   versions/<id>.json      each saved version (a bundle)
 *   runs.json               every run; final weights are kept out, in weights/<run id>.bin
 *   sweeps.json             every sweep: its definition and its queue of trials
 *   settings.json           preferences by name
 *   datasets.json           each dataset's name, sha256, source and size, without its bytes
 */
import { zipSync } from 'fflate';
import { APP_VERSION } from '../app-version';
import { StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { describeError } from './quota';
import { isRecord } from '../core/is-record';

/** One path segment from an id: `/` cannot nest, and a leading dot would hide the file. */
const segment = (id: string) => encodeURIComponent(id).replace(/^\./, '%2E');

export const notebookEntryPath = (id: string): string => `notebooks/${segment(id)}.json`;
export const versionEntryPath = (id: string): string => `versions/${segment(id)}.json`;
export const runWeightsEntryPath = (id: string): string => `weights/${segment(id)}.bin`;

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

/** Bytes that cross realms (a worker's ArrayBuffer fails `instanceof` here). */
function bytesOf(value: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]'
    ? new Uint8Array(value as ArrayBuffer)
    : null;
}

function readme(now: Date): string {
  return [
    `Everything Gradlab ${APP_VERSION} kept in this browser, exported ${now.toISOString()}.`,
    '',
    "notebooks/   each notebook's draft, as a bundle: open it in Gradlab (Open > file).",
    'versions/    every saved version of a notebook, as a bundle.',
    'runs.json    every run: its settings, curve, speed and backend. Final weights are in',
    '             weights/<run id>.bin (TF.js weight data for the model JSON in the run).',
    'sweeps.json  every sweep: what it varied, how, and each trial (its runs are in runs.json).',
    'settings.json  preferences.',
    'datasets.json  the stored datasets: name, sha256, source and size.',
    '',
    'Not included: the bytes of the datasets (download or import them again from their source;',
    'the sha256 tells you when you have the same data) and the checkpoints used to resume an',
    'interrupted run.',
    '',
  ].join('\n');
}

export async function exportEverything(
  db: GradlabDb,
  now: Date = new Date(),
): Promise<Result<Uint8Array, StorageUnavailableError>> {
  let notebooks: unknown[];
  let versions: unknown[];
  let runs: unknown[];
  let sweeps: unknown[];
  let settingKeys: IDBValidKey[];
  let settingValues: unknown[];
  let datasets: unknown[];
  try {
    const tx = db.transaction(['notebooks', 'versions', 'runs', 'sweeps', 'settings', 'datasets']);
    [notebooks, versions, runs, sweeps, settingKeys, settingValues, datasets] = await Promise.all([
      tx.objectStore('notebooks').getAll(),
      tx.objectStore('versions').getAll(),
      tx.objectStore('runs').index('by-created').getAll(),
      tx.objectStore('sweeps').index('by-created').getAll(),
      tx.objectStore('settings').getAllKeys(),
      tx.objectStore('settings').getAll(),
      tx.objectStore('datasets').getAll(),
    ]);
  } catch (error) {
    return err(
      new StorageUnavailableError(
        `Could not read what Gradlab stored: the browser's storage refused it ` +
          `(${describeError(error)}). Reload the page and try again.`,
      ),
    );
  }

  const files: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  files['README.txt'] = new TextEncoder().encode(readme(now));
  for (const record of notebooks) {
    if (!isRecord(record) || typeof record.id !== 'string') continue;
    files[notebookEntryPath(record.id)] = json(isRecord(record.draft) ? record.draft : record);
  }
  for (const record of versions) {
    if (isRecord(record) && typeof record.id === 'string') {
      files[versionEntryPath(record.id)] = json(record);
    }
  }
  files['runs.json'] = json(
    runs.map((record) => {
      if (!isRecord(record) || typeof record.id !== 'string' || !isRecord(record.weights)) {
        return record;
      }
      const bytes = bytesOf(record.weights.data);
      if (bytes === null) return record;
      const path = runWeightsEntryPath(record.id);
      files[path] = bytes;
      return { ...record, weights: { ...record.weights, data: path } };
    }),
  );
  files['sweeps.json'] = json(sweeps);
  files['settings.json'] = json(
    Object.fromEntries(settingKeys.map((key, i) => [String(key), settingValues[i]])),
  );
  files['datasets.json'] = json(
    datasets.filter(isRecord).map((record) => ({
      name: record.name,
      sha256: record.sha256,
      source: record.source,
      byteLength: record.byteLength,
      createdAt: record.createdAt,
    })),
  );
  return ok(zipSync(files, { level: 6 }));
}
