import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ApiError } from '@docket/common';
import { AppConfig } from '@docket/config';
import { AUTH_FAILURES, AuthFailures } from '@docket/principals';
import { tooManyRequests } from './local-budget';
import { SharedBudget } from './shared-budget';

const WINDOW_MS = 60_000;

/**
 * AUTH_FAILURES_PER_MINUTE refusals per client address, shared by every API process through Redis like the per-key
 * budget (SharedBudget), with an in-process budget standing in while Redis is unreachable. Only refusals spend from
 * it, so one misbehaving client behind a shared address (an office NAT) does not lock out its neighbours' valid keys.
 */
@Injectable()
export class AuthFailureBudget implements AuthFailures, OnApplicationShutdown {
  // Keyed by address only: no key, hash or session token of a refused request is ever written.
  private readonly budget: SharedBudget;

  constructor(config: AppConfig) {
    this.budget = new SharedBudget({
      redisUrl: config.REDIS_URL, queuePrefix: config.QUEUE_PREFIX, name: 'authfail', points: config.AUTH_FAILURES_PER_MINUTE, windowMs: WINDOW_MS,
    });
  }

  async refusal(clientAddress: string, unauthorized: ApiError): Promise<ApiError> {
    const spend = await this.budget.spend(clientAddress);
    if (spend.allowed) return unauthorized;
    return tooManyRequests('too many requests without valid credentials from this address', spend.retryAfterMs);
  }

  onApplicationShutdown(): void {
    this.budget.close();
  }
}

/** Global, because the guard and console sign-in that need it live in PrincipalsModule, which cannot import this library. */
@Global()
@Module({
  providers: [AuthFailureBudget, { provide: AUTH_FAILURES, useExisting: AuthFailureBudget }],
  exports: [AUTH_FAILURES],
})
export class AuthFailuresModule {}
