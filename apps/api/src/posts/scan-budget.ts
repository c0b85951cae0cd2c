import type Redis from 'ioredis';
import { redisConnection } from '@docket/queue';
import { Spend, forgetEnded } from '@docket/ratelimit';

const WINDOW_MS = 60_000;

/**
 * Takes `n` posts of a key's minute if they all fit, starting the minute if it is new; otherwise takes nothing and
 * answers how long the minute still runs. One round trip per scan request, counted by every API process together.
 */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if used + n > limit and ttl > 0 then
  return {0, ttl}
end
if ttl <= 0 then
  used = 0
  redis.call('SET', KEYS[1], n, 'PX', ARGV[3])
  ttl = tonumber(ARGV[3])
else
  redis.call('INCRBY', KEYS[1], n)
end
return {1, limit - used - n}`;

/**
 * SCAN_POSTS_PER_MINUTE per API key, counted in posts: a scan of a thousand posts is a thousand times the work of
 * one. A request takes all its posts or none, so a refused one spends nothing. Like the per-key request budget it
 * lives in Redis under the queue prefix (one hash slot with the queues); while Redis is unreachable each process
 * counts its own.
 */
export class ScanBudget {
  private readonly redis: Redis;
  private readonly local = new Map<string, { used: number; endsAt: number }>();

  readonly postsPerMinute: number;

  constructor(private readonly settings: { redisUrl: string; queuePrefix: string; postsPerMinute: number }) {
    this.redis = redisConnection(settings.redisUrl, 'producer', 'docket-scanbudget');
    this.postsPerMinute = settings.postsPerMinute;
  }

  async take(key: string, posts: number): Promise<Spend> {
    try {
      const [allowed, value] = (await this.redis.eval(
        TAKE, 1, `${this.settings.queuePrefix}:scanposts:${key}`, posts, this.postsPerMinute, WINDOW_MS,
      )) as [number, number];
      return allowed === 1 ? { allowed: true, remaining: value } : { allowed: false, retryAfterMs: value };
    } catch {
      return this.takeLocally(key, posts);
    }
  }

  private takeLocally(key: string, posts: number): Spend {
    const now = Date.now();
    let window = this.local.get(key);
    if (!window || window.endsAt <= now) {
      forgetEnded(this.local, now);
      window = { used: 0, endsAt: now + WINDOW_MS };
      this.local.set(key, window);
    }
    if (window.used + posts > this.postsPerMinute) return { allowed: false, retryAfterMs: window.endsAt - now };
    window.used += posts;
    return { allowed: true, remaining: this.postsPerMinute - window.used };
  }

  close(): void {
    this.redis.disconnect();
  }
}
