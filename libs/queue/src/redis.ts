import Redis, { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL, for libraries that take options rather than a URL. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * Workers block on Redis and must retry forever; producers fail fast, so an
 * outage surfaces as an error the outbox waits out, never as a hung request.
 * Plain clients retry once and are bounded by their callers' timeouts.
 */
export function redisConnection(url: string, role: 'worker' | 'producer' | 'client', name = 'docket'): Redis {
  const redis = new Redis({
    ...redisOptions(url),
    connectionName: `${name}-${role}`,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role !== 'producer',
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Connection errors surface through the operations that fail and through health.
  redis.on('error', () => undefined);
  return redis;
}
