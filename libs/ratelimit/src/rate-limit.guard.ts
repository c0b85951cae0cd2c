import { CanActivate, ExecutionContext, HttpStatus, Injectable, OnApplicationShutdown, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '@docket/common';
import { AppConfig } from '@docket/config';
import type { Principal } from '@docket/principals';
import { redisConnection } from '@docket/queue';

/**
 * Per-API-key request budget, kept in Redis so every API process draws on the
 * same one. If Redis is unreachable an in-process budget stands in: intake must
 * keep accepting notices during a Redis outage.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly limiter: RateLimiterRedis;

  constructor(config: AppConfig) {
    this.redis = redisConnection(config.REDIS_URL, 'producer', 'docket-ratelimit');
    const budget = { points: config.RATE_LIMIT_POINTS, duration: config.RATE_LIMIT_WINDOW_SECONDS };
    this.limiter = new RateLimiterRedis({
      ...budget,
      storeClient: this.redis,
      // Same hash-slot prefix as the queues, for Redis Cluster.
      keyPrefix: `${config.QUEUE_PREFIX}:ratelimit`,
      insuranceLimiter: new RateLimiterMemory(budget),
    });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const principal: Principal | undefined = http.getRequest().principal;
    const key = principal?.id ?? principal?.name ?? 'anonymous';
    try {
      const res = await this.limiter.consume(key);
      http.getResponse().header('RateLimit-Remaining', String(res.remainingPoints));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, `rate limit exceeded for this API key; retry after ${retryAfter} s`, undefined, {
        'Retry-After': retryAfter,
      });
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Marks a route as drawing on the caller's request budget. */
export const RateLimited = () =>
  applyDecorators(UseGuards(RateLimitGuard), ApiTooManyRequestsResponse({ description: 'Budget of this API key used up; see Retry-After.' }));
