import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AppConfig } from '@docket/config';
import { signedHeaders } from './signature';

export interface Delivery {
  url: string;
  secret: string;
  payload: unknown;
  headers?: Record<string, string>;
}

/** A delivery that did not get a 2xx; the job fails and BullMQ retries it with backoff. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Signed JSON POSTs with a bounded timeout. Returns the status; throws unless 2xx. Redirects are not followed
 * (a 3xx is not a delivery). node:http with keep-alive agents rather than fetch: fetch's web streams and abort
 * signals cost more CPU than the rest of a removal together (a P8 profile of the worker).
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

  constructor(private readonly config: AppConfig) {}

  async post(delivery: Delivery): Promise<number> {
    const body = JSON.stringify(delivery.payload);
    const headers = {
      'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), 'User-Agent': 'docket-webhooks/1',
      ...delivery.headers, ...signedHeaders(delivery.secret, body),
    };
    let status: number;
    try {
      status = await this.send(new URL(delivery.url), headers, body);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new WebhookError(`POST ${redact(delivery.url)} failed: ${code === 'ETIMEDOUT' ? 'timed out' : code ?? (err as Error).message}`);
    }
    if (status < 200 || status >= 300) throw new WebhookError(`POST ${redact(delivery.url)} answered ${status}`, status);
    return status;
  }

  onApplicationShutdown(): void {
    Object.values(this.agents).forEach((agent) => agent.destroy());
  }

  private send(url: URL, headers: Record<string, string>, body: string): Promise<number> {
    const agent = this.agents[url.protocol as keyof typeof this.agents];
    if (!agent) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent }, (res) => {
        // Drain the body so the connection can be reused.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      // One deadline for the whole exchange, as fetch's AbortSignal.timeout gave.
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), this.config.WEBHOOK_TIMEOUT_MS);
      req.on('close', () => clearTimeout(timer));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** URLs may carry credentials or tokens in their query; logs get origin and path only. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
