import { createHmac } from 'node:crypto';
import { signedHeaders, verifySignature } from './signature';

/**
 * verifySignature as a receiver (the platform, a reporter) uses it, past what
 * signature.spec.ts covers: the edges of the 5-minute window, each header missing
 * or malformed on its own, and the timestamp changed under the same signature.
 */
describe('verifySignature, for receivers', () => {
  const secret = 'whsec_receiver_side_secret';
  const body = JSON.stringify({ type: 'content.remove', caseId: 'c-1', decisionId: 'd-1' });
  const sentAt = Date.UTC(2026, 10, 23, 12, 0, 0);
  const h = signedHeaders(secret, body, sentAt);
  const headers = { timestamp: h['X-Docket-Timestamp'], signature: h['X-Docket-Signature'] };
  const ts = Number(headers.timestamp);

  it('is an HMAC-SHA256 any receiver can recompute with node:crypto alone', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(headers.signature).toBe(`sha256=${expected}`);
  });

  it('accepts up to 300 s either way, and refuses 301 s late or early', () => {
    const at = (seconds: number) => verifySignature(secret, headers, body, { now: (ts + seconds) * 1000 });
    expect([at(-300), at(0), at(300)]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect([at(301), at(-301), at(86_400)]).toEqual(Array(3).fill({ ok: false, reason: 'stale' }));
  });

  it('takes a tighter (or looser) tolerance when the receiver asks for one', () => {
    expect(verifySignature(secret, headers, body, { now: (ts + 61) * 1000, toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(secret, headers, body, { now: (ts + 600) * 1000, toleranceSeconds: 900 })).toEqual({ ok: true });
  });

  it('refuses an altered timestamp under the original signature, even one still inside the window', () => {
    for (const moved of [ts - 1, ts + 1, ts - 60]) {
      expect(verifySignature(secret, { ...headers, timestamp: String(moved) }, body, { now: sentAt })).toEqual({ ok: false, reason: 'mismatch' });
    }
  });

  it('refuses a body altered in any way, including whitespace and key order', () => {
    const altered = [body.replace('c-1', 'c-2'), `${body}\n`, ` ${body}`, JSON.stringify({ caseId: 'c-1', type: 'content.remove', decisionId: 'd-1' }), ''];
    for (const b of altered) expect(verifySignature(secret, headers, b, { now: sentAt })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing, empty or non-numeric timestamp and a missing or empty signature as missing', () => {
    const missing = { ok: false, reason: 'missing' };
    expect(verifySignature(secret, { signature: headers.signature }, body, { now: sentAt })).toEqual(missing);
    expect(verifySignature(secret, { timestamp: headers.timestamp }, body, { now: sentAt })).toEqual(missing);
    expect(verifySignature(secret, { timestamp: null, signature: null }, body, { now: sentAt })).toEqual(missing);
    expect(verifySignature(secret, { ...headers, timestamp: '' }, body, { now: sentAt })).toEqual(missing);
    expect(verifySignature(secret, { ...headers, signature: '' }, body, { now: sentAt })).toEqual(missing);
    for (const bad of ['1795435200.5', '-1795435200', '0x6B058A00', '1e9', ' 1795435200']) {
      expect(verifySignature(secret, { ...headers, timestamp: bad }, body, { now: sentAt })).toEqual(missing);
    }
  });

  it('refuses a malformed or wrong signature as a mismatch, and a wrong secret too', () => {
    const hex = headers.signature.slice('sha256='.length);
    for (const bad of [hex, `sha256=${hex.slice(0, -1)}`, `sha256=${hex}0`, `SHA256=${hex}`, `sha256=${hex.toUpperCase()}`, `sha1=${hex}`]) {
      expect(verifySignature(secret, { ...headers, signature: bad }, body, { now: sentAt })).toEqual({ ok: false, reason: 'mismatch' });
    }
    expect(verifySignature(`${secret}x`, headers, body, { now: sentAt })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('', headers, body, { now: sentAt })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
