/**
 * The HTTP endpoint Prometheus scrapes: `GET /metrics` answers the exposition text; anything else
 * is 404. It binds before the run (a port in use is bad input) and closes after the final report.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeListenError } from '../listen-errors.js';

/** What the endpoint serves on each scrape. */
export interface Exposition {
  contentType: string;
  body(): Promise<string>;
}

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  /** Serve this exposition from now on (before it is set, /metrics answers 503). */
  serve(exposition: Exposition): void;
  /** Stop listening and drop keep-alive connections (a scraper's). */
  close(): Promise<void>;
}

/** Why the endpoint could not listen, as one line for `crmload: error:`. */
export class MetricsBindError extends Error {
  override name = 'MetricsBindError';
}

/** Listen on host:port (0 = any free port); rejects with MetricsBindError when it cannot. */
export async function startMetricsServer(host: string, port: number): Promise<MetricsServer> {
  let exposition: Exposition | null = null;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('crmload serves its metrics at /metrics\n');
      return;
    }
    if (!exposition) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('crmload: the run has not started yet\n');
      return;
    }
    const current = exposition;
    current.body().then(
      (text) => response.writeHead(200, { 'content-type': current.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`crmload: metrics failed: ${(error as Error).message}\n`),
    );
  });
  const address = await listen(server, host, port);
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    port: address.port,
    serve: (e) => {
      exposition = e;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new MetricsBindError(describeListenError({ port: '--metrics-port', host: '--metrics-host' }, host, port, error))));
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}
