import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ApiError } from '@docket/common';
import { AppConfig } from '@docket/config';
import { AUTH_FAILURES, AuthFailures } from '@docket/principals';
import { redisConnection } from '@docket/queue';
import { LeasedBudget } from './leased-budget';
import { LocalBudget, tooManyRequests } from './local-budget';

const WINDOW_MS = 60_000;

/**
 * AUTH_FAILURES_PER_MINUTE refusals per client address, shared by every API process through Redis like the per-key
 * budget (LeasedBudget), with an in-process budget standing in while Redis is unreachable. Only refusals spend from
 * it, so one misbehaving client behind a shared address (an office NAT) does not lock out its neighbours' valid keys.
 */
@Injectable()
export class AuthFailureBudget implements AuthFailures, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly shared: LeasedBudget;
  private readonly insurance: LocalBudget;

  constructor(config: AppConfig) {
    this.redis = redisConnection(config.REDIS_URL, 'producer', 'docket-auth-failures');
    const points = config.AUTH_FAILURES_PER_MINUTE;
    this.shared = new LeasedBudget(this.redis, {
      // Keyed by address only: no key, hash or session token of a refused request is ever written.
      keyPrefix: `${config.QUEUE_PREFIX}:authfail`,
      points,
      windowMs: WINDOW_MS,
      lease: Math.max(1, Math.floor(points / 100)),
    });
    this.insurance = new LocalBudget(points, WINDOW_MS);
  }

  async refusal(clientAddress: string, unauthorized: ApiError): Promise<ApiError> {
    const spend = await this.shared.spend(clientAddress).catch(() => this.insurance.spend(clientAddress));
    if (spend.allowed) return unauthorized;
    return tooManyRequests('too many requests without valid credentials from this address', spend.retryAfterMs);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Global, because the guard and console sign-in that need it live in PrincipalsModule, which cannot import this library. */
@Global()
@Module({
  providers: [AuthFailureBudget, { provide: AUTH_FAILURES, useExisting: AuthFailureBudget }],
  exports: [AUTH_FAILURES],
})
export class AuthFailuresModule {}
