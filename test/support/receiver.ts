import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  at: number;
}

/** A local HTTP endpoint standing in for the platform, a reporter's callback URL or an alert sink. */
export class Receiver {
  readonly received: Received[] = [];
  /** Decides the status of each delivery; 200 unless a test says otherwise. Return null to never answer. */
  respond: (r: Received, index: number) => number | null = () => 200;
  /** Milliseconds to wait before answering, e.g. to catch a delivery in flight. */
  delayMs = 0;
  private server!: Server;

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
        const r = { headers: req.headers, rawBody, body, at: Date.now() };
        receiver.received.push(r);
        const status = receiver.respond(r, receiver.received.length - 1);
        if (status === null) return; // hang until the sender gives up
        setTimeout(() => res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}'), receiver.delayMs);
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
