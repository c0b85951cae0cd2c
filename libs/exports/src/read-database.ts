import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { AppConfig } from '@docket/config';
import { keepClientErrorsHandled } from '@docket/database';

/**
 * Where exports read: DATABASE_READ_URL (a replica) when set, else the primary.
 * A pool of its own, so a long export never holds a connection the request
 * path needs, and plain `pg` because COPY streams need a client of their own.
 */
@Injectable()
export class ReadDatabase implements OnApplicationShutdown {
  private readonly log = new Logger(ReadDatabase.name);
  private readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_READ_URL ?? config.DATABASE_URL,
      max: Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 2)),
      application_name: 'docket-exports',
      onConnect: keepClientErrorsHandled,
    });
    // The server closing an idle connection (restart, failover) is an 'error' event on the pool, which
    // would end the process if nobody listened. The pool has already dropped that client; the next query connects anew.
    this.pool.on('error', (err) => this.log.warn(`exports pool lost an idle connection: ${err.message}`));
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /** For values that must be inlined: COPY takes no bind parameters. */
  literal(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }

  /**
   * `COPY (query) TO STDOUT` as a stream with backpressure: PostgreSQL sends only
   * as fast as the HTTP client reads, so memory stays flat whatever the row count.
   * A stream cut short (client gone) also ends the connection, since it is mid-COPY.
   */
  async copyOut(query: string, options: string): Promise<Readable> {
    const client: PoolClient = await this.pool.connect();
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.release(err);
    };
    const stream = client.query(copyTo(`COPY (${query}) TO STDOUT WITH (${options})`));
    stream.on('end', () => release());
    stream.on('error', (err) => release(err));
    stream.on('close', () => release(stream.readableEnded ? undefined : new Error('export stream closed early')));
    return stream;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
