import { sign, signedHeaders, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_value';
  const body = JSON.stringify({ type: 'report.resolved', reportId: 'r-1' });
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);

  it('signs "<timestamp>.<body>" with HMAC-SHA256 as the contract says', () => {
    // Reference value computed independently: printf '1795435200.%s' "$body" | openssl dgst -sha256 -hmac "$secret"
    expect(sign(secret, 1795435200, body)).toBe('sha256=76a5e54e0647e12b85e937399b6ab5fd94b23f243fc7e4f549a9aaf3d41bf0a8');
    const headers = signedHeaders(secret, body, now);
    expect(headers['X-Docket-Timestamp']).toBe('1795435200');
    expect(headers['X-Docket-Signature']).toBe(sign(secret, 1795435200, body));
  });

  it('verifies a fresh, unaltered delivery', () => {
    const h = signedHeaders(secret, body, now);
    expect(verifySignature(secret, { timestamp: h['X-Docket-Timestamp'], signature: h['X-Docket-Signature'] }, body, { now })).toEqual({ ok: true });
  });

  it('rejects an altered body, a wrong secret, a stale or future timestamp, and missing headers', () => {
    const h = signedHeaders(secret, body, now);
    const headers = { timestamp: h['X-Docket-Timestamp'], signature: h['X-Docket-Signature'] };
    expect(verifySignature(secret, headers, body.replace('r-1', 'r-2'), { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('another secret', headers, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, headers, body, { now: now + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(secret, headers, body, { now: now - 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(secret, { timestamp: headers.timestamp }, body, { now })).toEqual({ ok: false, reason: 'missing' });
    // A replayed signature under a new timestamp does not verify either.
    expect(verifySignature(secret, { timestamp: String(Number(headers.timestamp) + 1), signature: headers.signature }, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
