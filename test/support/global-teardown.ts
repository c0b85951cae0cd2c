import { RUN_PREFIX, withAdmin } from './databases';

/** Drops this run's databases, and those of earlier runs whose process is gone (a crashed run). */
export default async function globalTeardown(): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'docket\\_test\\_%'`);
    for (const { datname } of rows) {
      const pid = Number(/^docket_test_(\d+)_/.exec(datname)?.[1]);
      if (datname.startsWith(RUN_PREFIX) || !Number.isInteger(pid) || !isAlive(pid)) {
        await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
