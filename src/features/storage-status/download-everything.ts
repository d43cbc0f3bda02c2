/** "Export everything" as a download: the ZIP of exportEverything under a dated file name. */
import { exportEverything } from '../../storage/export-everything';
import { appDb } from '../../storage/app-db';

export const exportFileName = (now: Date): string =>
  `gradlab-everything-${now.toISOString().slice(0, 10)}.zip`;

/** Starts the download; resolves to what went wrong, worded for the user, or null. */
export async function downloadEverything(): Promise<string | null> {
  const db = await appDb();
  if (!db.ok) return db.error.message;
  const now = new Date();
  const zip = await exportEverything(db.value, now);
  if (!zip.ok) return zip.error.message;
  const url = URL.createObjectURL(new Blob([zip.value as BlobPart], { type: 'application/zip' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = exportFileName(now);
  anchor.click();
  // The click starts the download synchronously; the URL can go once the event has run.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return null;
}
