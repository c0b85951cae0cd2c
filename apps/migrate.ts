// `npm run migration:run`: creates the database if needed and applies pending migrations, on
// MIGRATIONS_DATABASE_URL (PostgreSQL itself, when DATABASE_URL is a pooler's) or else DATABASE_URL.
import { loadEnvironment } from '@docket/config';
import { migrate } from '@docket/database';

const env = loadEnvironment();
migrate(env.MIGRATIONS_DATABASE_URL ?? env.DATABASE_URL).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations'),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
