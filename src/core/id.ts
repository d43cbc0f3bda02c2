/** Random ids for runs; getRandomValues works where randomUUID does not (plain-http pages). */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
