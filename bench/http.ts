import { Agent, request } from 'node:http';

/** A keep-alive HTTP client for the bench's own paced and sequential requests (autocannon drives the closed-loop load). */
export class HttpClient {
  private readonly agent: Agent;

  constructor(maxSockets = 64) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers: body ? { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } : headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Streams a GET and counts bytes and lines without keeping the body: exports of a million rows. */
  drain(url: string, headers: Record<string, string>, onChunk?: () => void): Promise<{ status: number; bytes: number; lines: number }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'GET', headers, agent: this.agent }, (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines += 1;
          onChunk?.();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
