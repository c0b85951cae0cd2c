import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@docket/common';
import { Spend, forgetEnded } from './leased-budget';

/** A budget counted by this process alone, for while Redis is unreachable. */
export class LocalBudget {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
  ) {}

  spend(key: string): Spend {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      forgetEnded(this.windows, now);
      window = { used: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    if (window.used >= this.points) return { allowed: false, retryAfterMs: window.endsAt - now };
    window.used += 1;
    return { allowed: true, remaining: this.points - window.used };
  }
}

/** The 429 of a spent budget: `Retry-After` in whole seconds, at least one, also named in the message after `why`. */
export function tooManyRequests(why: string, retryAfterMs: number): ApiError {
  const retryAfter = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return new ApiError(HttpStatus.TOO_MANY_REQUESTS, `${why}; retry after ${retryAfter} s`, undefined, { 'Retry-After': retryAfter });
}
