/**
 * A real HTTP server on a free localhost port for the data worker's tests: each route serves fixed
 * bytes (optionally in timed pieces, with or without a Content-Length, or stopping partway and
 * holding the connection open), a status, a redirect or nothing at all,
 * and every request is counted so a test can prove that a cached dataset was not fetched again.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body?: Uint8Array | string;
  status?: number;
  /** Sent as Location with a 302. */
  redirect?: string;
  /** Split the body into pieces of this many bytes, `delayMs` apart, so progress can be seen. */
  pieceBytes?: number;
  delayMs?: number;
  /** Leave out Content-Length (chunked transfer), as servers that stream do. */
  omitLength?: boolean;
  /** Go silent after sending this many bytes of the body, holding the connection open. */
  stallAfter?: number;
  /** Never answer at all, holding the connection open. */
  silent?: boolean;
}

export interface TestServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Requests made for `path` so far. */
  hits(path: string): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(
  routes: Record<string, Route>,
  host = '127.0.0.1',
): Promise<TestServer> {
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://test').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    void serve(routes[path], request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive connections from fetch would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  route: Route | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!route) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  if (route.silent) return;
  if (route.redirect !== undefined) {
    response.writeHead(302, { Location: route.redirect }).end();
    return;
  }
  const body =
    typeof route.body === 'string'
      ? new TextEncoder().encode(route.body)
      : (route.body ?? new Uint8Array());
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (!route.omitLength) headers['Content-Length'] = String(body.length);
  response.writeHead(route.status ?? 200, headers);
  const piece = route.pieceBytes ?? body.length;
  let gone = false;
  request.socket.on('close', () => (gone = true));
  // A client that hung up mid-body (a cancelled download) is expected, not a failure.
  response.on('error', () => undefined);
  const end = Math.min(body.length, route.stallAfter ?? body.length);
  for (let start = 0; start < end && !gone; start += piece) {
    if (start > 0 && route.delayMs) await sleep(route.delayMs);
    if (!gone) response.write(body.subarray(start, Math.min(end, start + piece)));
  }
  if (route.stallAfter === undefined) response.end();
}
