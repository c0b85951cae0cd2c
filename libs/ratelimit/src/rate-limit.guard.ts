import { CanActivate, ExecutionContext, Injectable, OnApplicationShutdown, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type Redis from 'ioredis';
import { AppConfig } from '@docket/config';
import type { Principal } from '@docket/principals';
import { redisConnection } from '@docket/queue';
import { LeasedBudget } from './leased-budget';
import { LocalBudget, tooManyRequests } from './local-budget';

/**
 * Per-API-key request budget, kept in Redis so every API process draws on the same one; each process takes it in
 * leases of 1 % of the budget (see LeasedBudget), so most requests do not wait on Redis. If Redis is unreachable an
 * in-process budget stands in: intake must keep accepting notices during a Redis outage.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly shared: LeasedBudget;
  private readonly insurance: LocalBudget;

  constructor(config: AppConfig) {
    this.redis = redisConnection(config.REDIS_URL, 'producer', 'docket-ratelimit');
    const points = config.RATE_LIMIT_POINTS;
    const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.shared = new LeasedBudget(this.redis, {
      // Same hash-slot prefix as the queues, for Redis Cluster.
      keyPrefix: `${config.QUEUE_PREFIX}:ratelimit`,
      points,
      windowMs,
      lease: Math.max(1, Math.floor(points / 100)),
    });
    this.insurance = new LocalBudget(points, windowMs);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const principal: Principal | undefined = http.getRequest().principal;
    const key = principal?.id ?? principal?.name ?? 'anonymous';
    const spend = await this.shared.spend(key).catch(() => this.insurance.spend(key));
    if (spend.allowed) {
      http.getResponse().header('RateLimit-Remaining', String(spend.remaining));
      return true;
    }
    throw tooManyRequests('rate limit exceeded for this API key', spend.retryAfterMs);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Marks a route as drawing on the caller's request budget. */
export const RateLimited = () =>
  applyDecorators(UseGuards(RateLimitGuard), ApiTooManyRequestsResponse({ description: 'Budget of this API key used up; see Retry-After.' }));
