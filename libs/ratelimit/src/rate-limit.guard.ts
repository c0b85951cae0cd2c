import { CanActivate, ExecutionContext, Injectable, OnApplicationShutdown, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AppConfig } from '@docket/config';
import type { Principal } from '@docket/principals';
import { tooManyRequests } from './local-budget';
import { SharedBudget } from './shared-budget';

/**
 * Per-API-key request budget, shared by every API process (SharedBudget); while Redis is unreachable each process
 * counts its own: intake must keep accepting notices during a Redis outage.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly budget: SharedBudget;

  constructor(config: AppConfig) {
    this.budget = new SharedBudget({
      redisUrl: config.REDIS_URL, queuePrefix: config.QUEUE_PREFIX, name: 'ratelimit',
      points: config.RATE_LIMIT_POINTS, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const principal: Principal | undefined = http.getRequest().principal;
    const key = principal?.id ?? principal?.name ?? 'anonymous';
    const spend = await this.budget.spend(key);
    if (spend.allowed) {
      http.getResponse().header('RateLimit-Remaining', String(spend.remaining));
      return true;
    }
    throw tooManyRequests('rate limit exceeded for this API key', spend.retryAfterMs);
  }

  onApplicationShutdown(): void {
    this.budget.close();
  }
}

/** Marks a route as drawing on the caller's request budget. */
export const RateLimited = () =>
  applyDecorators(UseGuards(RateLimitGuard), ApiTooManyRequestsResponse({ description: 'Budget of this API key used up; see Retry-After.' }));
