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
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly channel: string;
  private subscriber?: Redis;
  /** A connection in subscriber mode cannot publish: revocations go out on their own, fail-fast connection. */
  private publisher?: Redis;
  private live = false;
  /**
   * Bumped on every disconnect and every revocation seen. A lookup that spans a
   * bump is not cached: it may have read the principal just before its revocation
   * committed and arrive after the message that would have removed it.
   */
  private generation = 0;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.QUEUE_PREFIX}:principals:revoked`;
  }

  onModuleInit(): void {
    // Like a worker's: reconnects forever, so the cache comes back by itself after a Redis outage.
    const sub = redisConnection(this.config.REDIS_URL, 'worker', 'docket-principal-cache');
    this.subscriber = sub;
    this.publisher = redisConnection(this.config.REDIS_URL, 'producer', 'docket-principal-cache');
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(
        () => (this.live = true),
        () => this.invalidateAll(),
      );
    });
    for (const event of ['close', 'end', 'reconnecting'] as const) sub.on(event, () => this.invalidateAll());
    sub.on('message', (_channel: string, principalId: string) => this.forget(principalId));
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

  /** After a revocation commits: forget here at once and tell every other API process. */
  async revoked(principalId: string): Promise<void> {
    this.forget(principalId);
    try {
      await this.publisher?.publish(this.channel, principalId);
    } catch (err) {
      this.log.warn(`revocation of ${principalId} not broadcast (${(err as Error).message}); other API processes drop cached keys within ${TTL_MS / 1000} s`);
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

  private invalidateAll(): void {
    this.live = false;
    this.generation += 1;
    this.entries.clear();
  }
}
