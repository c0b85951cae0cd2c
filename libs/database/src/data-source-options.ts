import type { ClientBase } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  applicationName?: string;
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    // Failed queries reach the exception filter, which logs them once with the request id.
    logging: false,
    extra: { max: settings.poolSize, application_name: settings.applicationName ?? 'docket', onConnect: keepClientErrorsHandled },
  };
}

/**
 * A pg Pool `onConnect` hook. When the server ends a connection right after accepting it (PostgreSQL
 * shutting down), "ready" and the FATAL error can arrive in one read: the pool hands the new client out
 * and removes its own listener, TypeORM attaches its listener only a microtask later, and an 'error'
 * event with no listener ends the process. This listener stays for the client's life; the pool and
 * TypeORM still see the error and drop the client, whose next query fails as "not queryable".
 */
export function keepClientErrorsHandled(client: ClientBase): void {
  client.on('error', () => undefined);
}
