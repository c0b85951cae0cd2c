import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';

/** A scrape in flight when the process stops gets this long to finish; then its connection is cut. */
const CLOSE_GRACE_MS = 3000;

/**
 * The metrics listener: a plain HTTP server of its own, on METRICS_HOST:METRICS_PORT, in every API and worker
 * process. It serves GET /metrics and nothing else (404); the API's own port does not serve /metrics at all, so
 * the scrape is never public just because the API is. METRICS_PORT=0 turns it off.
 *
 * A port it cannot have (EADDRINUSE: another docket process on this host with the same METRICS_PORT) stops the
 * process at boot, naming the variable: a process Prometheus cannot scrape is one nobody sees (docs/decisions/0029).
 */
@Injectable()
export class MetricsListener implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(MetricsListener.name);
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** Where it listens (`http://host:port`), or undefined when it is off or closed. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** At init, before workers, relays and the API's port start (they start at bootstrap): a clash stops the process before it does any work. */
  async onModuleInit(): Promise<void> {
    const { METRICS_HOST: host, METRICS_PORT: port } = this.config;
    if (port === 0) {
      this.log.log('metrics listener off (METRICS_PORT=0)');
      return;
    }
    const server = createServer((req, res) => this.handle(req, res));
    // A scrape is one small GET: nothing slow is waited for.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const message = e.code === 'EADDRINUSE'
        ? `METRICS_PORT: ${host}:${port} is already in use (EADDRINUSE): give each docket process on this host its own METRICS_PORT, or 0 to turn its metrics listener off`
        : `METRICS_HOST, METRICS_PORT: cannot listen on ${host}:${port}: ${e.message}`;
      this.log.error(message);
      throw new Error(message);
    }
    server.on('error', (err) => this.log.error(`metrics listener: ${err.message}`));
    this.server = server;
    this.log.log(`metrics listener on ${this.url}${METRICS_PATH}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    cut.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(cut);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('Not Found: this listener serves GET /metrics only\n');
      return;
    }
    this.metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
      },
      (err: unknown) => {
        this.log.error(`metrics scrape failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('metrics unavailable\n');
      },
    );
  }
}
