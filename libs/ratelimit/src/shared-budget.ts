import type Redis from 'ioredis';
import { redisConnection } from '@docket/queue';
import { LeasedBudget, Spend } from './leased-budget';
import { LocalBudget } from './local-budget';

/**
 * A budget every API process draws on through Redis, in leases of 1 % (see LeasedBudget), so most spends do not
 * wait on Redis; while Redis is unreachable an in-process budget stands in, so requests are still answered.
 */
export class SharedBudget {
  private readonly redis: Redis;
  private readonly shared: LeasedBudget;
  private readonly insurance: LocalBudget;

  /** `name` names the Redis connection and the keys (`<QUEUE_PREFIX>:<name>:…`, one hash slot with the queues). */
  constructor(settings: { redisUrl: string; queuePrefix: string; name: string; points: number; windowMs: number }) {
    this.redis = redisConnection(settings.redisUrl, 'producer', `docket-${settings.name}`);
    this.shared = new LeasedBudget(this.redis, {
      keyPrefix: `${settings.queuePrefix}:${settings.name}`,
      points: settings.points,
      windowMs: settings.windowMs,
      lease: Math.max(1, Math.floor(settings.points / 100)),
    });
    this.insurance = new LocalBudget(settings.points, settings.windowMs);
  }

  spend(key: string): Promise<Spend> {
    return this.shared.spend(key).catch(() => this.insurance.spend(key));
  }

  close(): void {
    this.redis.disconnect();
  }
}
