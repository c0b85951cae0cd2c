import { loadEnvironment } from './config.service';

describe('loadEnvironment', () => {
  it('gives working defaults for PostgreSQL and Redis on their usual ports', () => {
    const env = loadEnvironment({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/docket');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(env.PORT).toBe(3000);
    expect(env.MIGRATIONS_RUN).toBe(true);
  });

  it('prepares named statements unless told the pooler loses them; migrations use DATABASE_URL unless given their own', () => {
    expect(loadEnvironment({})).toMatchObject({ DATABASE_PREPARED_STATEMENTS: 'named', MIGRATIONS_DATABASE_URL: undefined });
    const pooled = loadEnvironment({
      DATABASE_URL: 'postgres://docket@pgbouncer:6432/docket',
      MIGRATIONS_DATABASE_URL: 'postgres://docket@db:5432/docket',
      DATABASE_PREPARED_STATEMENTS: 'unnamed',
    });
    expect(pooled).toMatchObject({ DATABASE_PREPARED_STATEMENTS: 'unnamed', MIGRATIONS_DATABASE_URL: 'postgres://docket@db:5432/docket' });
  });

  it('puts each process\'s metrics listener on loopback, port 9464, read once per 5 s', () => {
    expect(loadEnvironment({})).toMatchObject({ METRICS_HOST: '127.0.0.1', METRICS_PORT: 9464, METRICS_REFRESH_MS: 5000, WORKER_METRICS_PORT: undefined });
    expect(loadEnvironment({ METRICS_PORT: '0', WORKER_METRICS_PORT: '9500' })).toMatchObject({ METRICS_PORT: 0, WORKER_METRICS_PORT: 9500 });
  });

  it('converts numbers and booleans from strings', () => {
    const env = loadEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false', LEASE_SECONDS: '60' });
    expect(env).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false, LEASE_SECONDS: 60 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/docket'],
    ['REDIS_URL', 'localhost:6379'],
    ['PLATFORM_WEBHOOK_URL', 'not a url'],
    ['ADMIN_API_KEY', 'short'],
    ['QUEUE_PREFIX', 'docket'],
    ['LOG_LEVEL', 'loud'],
    ['UNKNOWN_KEY_CACHE_SECONDS', '-1'],
    ['AUTH_FAILURES_PER_MINUTE', '0'],
    ['METRICS_PORT', '70000'],
    ['METRICS_HOST', 'http://0.0.0.0'],
    ['METRICS_REFRESH_MS', '-1'],
    ['WORKER_METRICS_PORT', 'next'],
    ['SCAN_POSTS_PER_MINUTE', '999'],
    ['DATABASE_PREPARED_STATEMENTS', 'off'],
    ['MIGRATIONS_DATABASE_URL', 'localhost:5432/docket'],
  ])('stops with a message naming %s when it is malformed', (name, value) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(new RegExp(`^invalid configuration:\\n  ${name}: `));
  });
});
