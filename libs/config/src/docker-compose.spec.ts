import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** docker-compose.yml as shipped: what a user who runs `docker compose up` gets. */
const compose = readFileSync(join(__dirname, '../../../docker-compose.yml'), 'utf8');
const references = [...compose.matchAll(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g)].map(([, name, kind, value]) => ({ name, kind, value }));

describe('docker-compose.yml', () => {
  it('names every secret docket reads, ALERT_WEBHOOK_SECRET beside ALERT_WEBHOOK_URL', () => {
    expect(references.map((r) => r.name)).toEqual(expect.arrayContaining(['ADMIN_API_KEY', 'PLATFORM_WEBHOOK_SECRET', 'ALERT_WEBHOOK_URL', 'ALERT_WEBHOOK_SECRET']));
  });

  it('ships no usable secret: the admin key must come from the user, the others default to nothing', () => {
    expect(references.find((r) => r.name === 'ADMIN_API_KEY')).toMatchObject({ kind: '?' });
    for (const secret of references.filter((r) => /KEY|SECRET/.test(r.name))) {
      expect([secret.name, secret.kind === '-' ? secret.value : '']).toEqual([secret.name, '']);
    }
    // No secret written as a plain value either.
    expect(compose).not.toMatch(/^\s+[A-Z_]*(KEY|SECRET):\s*(?!\$\{)\S/m);
  });
});
