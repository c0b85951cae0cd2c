import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * docket's webhook signature (api.md): `X-Docket-Timestamp: <unix seconds>` and
 * `X-Docket-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 * Signing the timestamp with the body lets receivers refuse replays.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'X-Docket-Timestamp': String(timestamp), 'X-Docket-Signature': sign(secret, timestamp, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * For receivers (the platform, reporters, alert sinks): checks a delivery's
 * signature over the raw body, and refuses timestamps older than `toleranceSeconds`.
 */
export function verifySignature(
  secret: string,
  headers: { timestamp?: string | null; signature?: string | null },
  rawBody: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(sign(secret, Number(timestamp), rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
