import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@docket/config';
import { redisConnection } from '@docket/queue';
import type { Principal } from './principal';

interface Entry {
  principal: Principal;
  id: string;
  expiresAt: number;
}

/** A bound on staleness should a revocation message be lost while every process still looks subscribed. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Principals by API-key hash, so an authenticated request costs no database
 * round trip for its key. A revoked key must stop working at once in every
 * API process: revocations are published on Redis and each process drops the
 * principal's entries on receipt. The cache answers only while this process's
 * subscription is live; after any disconnect it starts empty, so a process
 * that may have missed a revocation asks the database instead.
 *
 * It also remembers, for UNKNOWN_KEY_CACHE_SECONDS, the hashes of keys that
 * matched no active principal, so a client repeating a wrong key costs no
 * lookup either. A new key must work at once: creations are published on a
 * sibling channel and each process forgets that hash, under the same rule
 * (nothing is answered from memory while the subscription is not live).
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry>();
  /** Hash (hex) of a key no active principal has → when to ask the database again (ms since the epoch). */
  private readonly unknown = new Map<string, number>();
  private readonly unknownTtlMs: number;
  private readonly revokedChannel: string;
  private readonly createdChannel: string;
  private subscriber?: Redis;
  /** A connection in subscriber mode cannot publish: revocations and creations go out on their own, fail-fast connection. */
  private publisher?: Redis;
  private live = false;
  /**
   * Bumped on every disconnect, every revocation and every creation seen. A lookup
   * that spans a bump is not cached: it may have read the principal just before its
   * revocation (or the key's absence just before its creation) committed and arrive
   * after the message that would have removed the entry.
   */
  private generation = 0;

  constructor(private readonly config: AppConfig) {
    this.revokedChannel = `${config.QUEUE_PREFIX}:principals:revoked`;
    this.createdChannel = `${config.QUEUE_PREFIX}:principals:created`;
    this.unknownTtlMs = config.UNKNOWN_KEY_CACHE_SECONDS * 1000;
  }

  onModuleInit(): void {
    // Like a worker's: reconnects forever, so the cache comes back by itself after a Redis outage.
    const sub = redisConnection(this.config.REDIS_URL, 'worker', 'docket-principal-cache');
    this.subscriber = sub;
    this.publisher = redisConnection(this.config.REDIS_URL, 'producer', 'docket-principal-cache');
    sub.on('ready', () => {
      sub.subscribe(this.revokedChannel, this.createdChannel).then(
        () => (this.live = true),
        () => this.invalidateAll(),
      );
    });
    for (const event of ['close', 'end', 'reconnecting'] as const) sub.on(event, () => this.invalidateAll());
    sub.on('message', (channel: string, message: string) => {
      if (channel === this.createdChannel) this.forgetUnknown(message);
      else this.forget(message);
    });
  }

  /** Whether this process answers from memory: only while its subscription to revocations and creations is live. */
  get subscribed(): boolean {
    return this.live;
  }

  /** Call before the database lookup; pass the result to `put` so a revocation in between is not undone. */
  mark(): number {
    return this.generation;
  }

  get(keyHash: Buffer): Principal | undefined {
    if (!this.live) return undefined;
    const hex = keyHash.toString('hex');
    const entry = this.entries.get(hex);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(hex);
      return undefined;
    }
    return entry.principal;
  }

  put(keyHash: Buffer, principal: Principal, mark: number): void {
    if (!this.live || mark !== this.generation || !principal.id) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(keyHash.toString('hex'), { principal, id: principal.id, expiresAt: Date.now() + TTL_MS });
  }

  /** True when the key was looked up lately and matched no active principal: refuse it without asking again. */
  isUnknown(keyHash: Buffer): boolean {
    if (!this.live) return false;
    const hex = keyHash.toString('hex');
    const until = this.unknown.get(hex);
    if (until === undefined) return false;
    if (until <= Date.now()) {
      this.unknown.delete(hex);
      return false;
    }
    return true;
  }

  /** After a lookup found no active principal; `mark` as for `put`, so a creation in between is not undone. */
  putUnknown(keyHash: Buffer, mark: number): void {
    if (!this.live || mark !== this.generation || this.unknownTtlMs === 0) return;
    if (this.unknown.size >= MAX_ENTRIES) this.unknown.clear();
    this.unknown.set(keyHash.toString('hex'), Date.now() + this.unknownTtlMs);
  }

  /** After a revocation commits: forget here at once and tell every other API process. */
  async revoked(principalId: string): Promise<void> {
    this.forget(principalId);
    try {
      await this.publisher?.publish(this.revokedChannel, principalId);
    } catch (err) {
      this.log.warn(`revocation of ${principalId} not broadcast (${(err as Error).message}); other API processes drop cached keys within ${TTL_MS / 1000} s`);
    }
  }

  /**
   * After a principal's creation commits: forget its key hash here at once and tell every other API process, which
   * may have refused the key from memory. Only the hash goes out, never the key.
   */
  async keyCreated(keyHash: Buffer): Promise<void> {
    const hex = keyHash.toString('hex');
    this.forgetUnknown(hex);
    try {
      await this.publisher?.publish(this.createdChannel, hex);
    } catch (err) {
      this.log.warn(`creation of a key not broadcast (${(err as Error).message}); other API processes may refuse it for up to ${this.unknownTtlMs / 1000} s`);
    }
  }

  onApplicationShutdown(): void {
    this.live = false;
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  private forget(principalId: string): void {
    this.generation += 1;
    for (const [hex, entry] of this.entries) if (entry.id === principalId) this.entries.delete(hex);
  }

  private forgetUnknown(keyHashHex: string): void {
    this.generation += 1;
    this.unknown.delete(keyHashHex);
  }

  private invalidateAll(): void {
    this.live = false;
    this.generation += 1;
    this.entries.clear();
    this.unknown.clear();
  }
}
