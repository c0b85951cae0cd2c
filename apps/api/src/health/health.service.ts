import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import { AppConfig } from '@docket/config';
import { redisConnection } from '@docket/queue';

type Status = 'up' | 'down';
const TIMEOUT_MS = 1500;

@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.redis = redisConnection(config.REDIS_URL, 'client', 'docket-health');
  }

  async check(): Promise<{ status: 'ok' | 'error'; checks: { database: Status; redis: Status } }> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    return { status: database === 'up' && redis === 'up' ? 'ok' : 'error', checks: { database, redis } };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

async function probe(check: () => Promise<unknown>): Promise<Status> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
