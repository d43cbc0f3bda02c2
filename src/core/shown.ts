/**
 * A value from outside (a file, a link, stored data) as a message quotes it: through JSON, never
 * through the value's own `toString`, which a file can replace (`[{"toString": false}]` throws
 * when turned into a string), so a malformed value gets its clear error instead of a crash.
 */
export function shown(value: unknown, limit = 60): string {
  if (typeof value === 'string') return value.slice(0, limit);
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, limit);
  } catch {
    return 'a value that cannot be shown';
  }
}
