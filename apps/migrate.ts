// `npm run migration:run`: creates the database if needed and applies pending migrations.
import { loadEnvironment } from '@docket/config';
import { migrate } from '@docket/database';

migrate(loadEnvironment().DATABASE_URL).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations'),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
