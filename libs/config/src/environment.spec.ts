import { loadEnvironment } from './config.service';

describe('loadEnvironment', () => {
  it('gives working defaults for PostgreSQL and Redis on their usual ports', () => {
    const env = loadEnvironment({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/docket');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(env.PORT).toBe(3000);
    expect(env.MIGRATIONS_RUN).toBe(true);
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
  ])('stops with a message naming %s when it is malformed', (name, value) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(new RegExp(`^invalid configuration:\\n  ${name}: `));
  });
});
