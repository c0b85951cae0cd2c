import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { verifySignature } from '@docket/webhooks';

/**
 * The fake platform for P8: checks each removal order's signature as a real
 * platform would, answers 200, and counts orders per decision so a removal
 * sent twice shows up.
 */
export class FakePlatform {
  readonly secret = `whsec_bench_${randomBytes(16).toString('hex')}`;
  orders = 0;
  badSignatures = 0;
  duplicates = 0;
  private seen = new Set<string>();
  private server!: Server;

  static async start(): Promise<FakePlatform> {
    const platform = new FakePlatform();
    platform.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const verdict = verifySignature(
          platform.secret,
          { timestamp: req.headers['x-docket-timestamp'] as string, signature: req.headers['x-docket-signature'] as string },
          raw,
        );
        if (!verdict.ok) {
          platform.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        const key = String(req.headers['idempotency-key'] ?? '');
        if (platform.seen.has(key)) platform.duplicates += 1;
        else platform.seen.add(key);
        platform.orders += 1;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    // Many concurrent deliveries from the worker: keep-alive connections must not be cut.
    platform.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => platform.server.listen(0, '127.0.0.1', resolve));
    return platform;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/removals`;
  }

  reset(): void {
    this.orders = 0;
    this.badSignatures = 0;
    this.duplicates = 0;
    this.seen = new Set();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
