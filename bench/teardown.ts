import { Pool } from 'pg';
import { BENCH_DATABASE, cleanRedis, dropBenchDatabase } from './bench-db';
import { DocketCluster } from './docket';
import { LOG_DIR, ProcessGroup } from './docket-process';
import { FakePlatform } from './platform';

/** What a bench or replay run started; stopped whatever the run's outcome. */
export interface Started {
  cluster: DocketCluster;
  group: ProcessGroup;
  platform: FakePlatform;
  pool: Pool;
  keep: boolean;
}

/** Stops docket and its helpers, empties the run's Redis keys and (unless kept) drops its database. */
export async function stopEverything(s: Started, progress: (message: string) => void): Promise<void> {
  progress('stopping docket and cleaning up');
  await s.cluster.stop().catch(() => undefined);
  await s.group.stopAll().catch(() => undefined);
  await s.platform.close();
  await s.pool.end();
  await cleanRedis().catch(() => undefined);
  if (!s.keep) await dropBenchDatabase().catch((err) => progress(`could not drop ${BENCH_DATABASE}: ${err.message}`));
}

/** A run that failed exits 1, saying where the processes' logs are. */
export function exitOnFailure(failure: unknown): void {
  if (!failure) return;
  console.error(failure instanceof Error ? failure.stack : failure);
  console.error(`child process logs: ${LOG_DIR}`);
  process.exit(1);
}
