import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe, with a prefix that makes leaked keys easy to scan for. */
export function newApiKey(): string {
  return `dk_${randomBytes(32).toString('base64url')}`;
}

export function newCallbackSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Keys carry 256 bits of entropy, so a fast hash is enough: there is nothing to
 * brute-force, and lookups stay cheap on the hot path.
 */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
