import { Injectable } from '@nestjs/common';
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

/** Signed JSON POSTs with a bounded timeout. Returns the status; throws unless 2xx. */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async post(delivery: Delivery): Promise<number> {
    const body = JSON.stringify(delivery.payload);
    let response: Response;
    try {
      response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'docket-webhooks/1', ...delivery.headers, ...signedHeaders(delivery.secret, body) },
        body,
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new WebhookError(`POST ${redact(delivery.url)} failed: ${(err as Error).name === 'TimeoutError' ? 'timed out' : cause ?? (err as Error).message}`);
    }
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) {
      throw new WebhookError(`POST ${redact(delivery.url)} answered ${response.status}`, response.status);
    }
    return response.status;
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
