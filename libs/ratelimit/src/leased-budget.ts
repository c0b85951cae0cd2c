import type Redis from 'ioredis';

export type Spend = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/**
 * Takes `lease` points of a key's window in Redis (starting the window if it is new) and answers how many points
 * the key had used before, counting what every process has taken, and how long the window still runs.
 */
const TAKE = `
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {used - tonumber(ARGV[1]), ttl}`;

interface Lease {
  /** Points taken from Redis and not yet spent by this process. */
  points: number;
  /** Points of the window no process had taken yet, when this process last asked. */
  untaken: number;
  /** When the window ends (ms since the epoch); the lease is void afterwards. */
  endsAt: number;
  /** The window's points are all taken: refuse without asking until it ends. */
  spent: boolean;
}

/**
 * A budget of `points` per key and window shared by every process through one Redis counter. A process takes points
 * in leases of up to `lease` and spends them locally, so a request costs a Redis round trip only when its
 * process's lease for the key runs out, instead of every time. What processes have taken but not spent is
 * unavailable to the others until the window ends: with N processes a key may be refused up to N × (lease − 1)
 * points early, never allowed more than `points`.
 */
export class LeasedBudget {
  private readonly leases = new Map<string, Lease>();
  private readonly asking = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: { keyPrefix: string; points: number; windowMs: number; lease: number },
  ) {}

  /** Spends one point of the key's budget, or says when the window ends. Rejects when Redis cannot be reached. */
  async spend(key: string): Promise<Spend> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      if (lease && lease.endsAt > now) {
        if (lease.points > 0) {
          lease.points -= 1;
          return { allowed: true, remaining: lease.points + lease.untaken };
        }
        if (lease.spent) return { allowed: false, retryAfterMs: lease.endsAt - now };
      }
      // Requests of one key that find its lease used up wait for one round trip rather than each making its own.
      let asking = this.asking.get(key);
      if (!asking) {
        asking = this.take(key).finally(() => this.asking.delete(key));
        this.asking.set(key, asking);
      }
      await asking;
    }
  }

  private async take(key: string): Promise<void> {
    const { keyPrefix, points, windowMs, lease } = this.options;
    const [usedBefore, ttlMs] = (await this.redis.eval(TAKE, 1, `${keyPrefix}:${key}`, lease, windowMs)) as [number, number];
    const granted = Math.max(0, Math.min(lease, points - usedBefore));
    forgetEnded(this.leases);
    this.leases.set(key, {
      points: granted,
      untaken: Math.max(0, points - usedBefore - granted),
      endsAt: Date.now() + ttlMs,
      spent: usedBefore + granted >= points,
    });
  }
}

/** Keys whose window ended are dropped once a map holds many, so a budget's map does not grow for ever. */
export function forgetEnded(windows: Map<string, { endsAt: number }>, now = Date.now()): void {
  if (windows.size < 10_000) return;
  for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
}
