/** A name a user chose (a dataset's), made safe to start a downloaded file's name. */

/**
 * Without the characters file systems refuse, a leading dot (a hidden file) or more than 100
 * characters; 'gradlab' when nothing is left.
 */
export function fileStem(name: string): string {
  const safe = name
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, '-')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100);
  return safe || 'gradlab';
}
