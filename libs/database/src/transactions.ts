import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { AppConfig } from '@docket/config';

/** A transaction handle passed down explicitly: one per use case. */
export type Tx = EntityManager;

/** How `rows()` sends statements: `DATABASE_PREPARED_STATEMENTS`. */
export type PreparedStatements = 'named' | 'unnamed';

/**
 * The data sources whose statements go unnamed. The setting belongs to a data source (where its connections lead),
 * not to the process: `rows()` only has the transaction handle, whose `connection` is the data source, so this is
 * looked up from it, and a test process holding several applications never carries one's setting into another's.
 */
const unnamedStatements = new WeakSet<DataSource>();

export function setPreparedStatements(dataSource: DataSource, mode: PreparedStatements): void {
  if (mode === 'unnamed') unnamedStatements.add(dataSource);
  else unnamedStatements.delete(dataSource);
}

@Injectable()
export class Transactions {
  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    // Every use case reaches the data source through this service, so it is configured before any statement runs.
    setPreparedStatements(dataSource, config.DATABASE_PREPARED_STATEMENTS);
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Several reads that must see one moment, e.g. walking the audit chain while it grows. */
  snapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** For reads that need no transaction. */
  get reader(): Tx {
    return this.dataSource.manager;
  }
}

/** A statement name per distinct text: the same text always gets the same name. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `docket_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs a statement and returns its rows, typed. Statements are prepared: each connection has PostgreSQL parse
 * and plan a text once (named after a hash of it) and afterwards only binds parameters, where an unnamed
 * statement is parsed and planned on every call (about 0.9 of the 1.6 ms a claim cost PostgreSQL). Every docket
 * statement is parameterised, so its text is one of a few per call site.
 *
 * A named statement lives on one server connection; `pg` remembers it per client connection and afterwards sends
 * only its name. Behind a pooler in transaction mode that does not track them (PgBouncer before 1.21, or without
 * `max_prepared_statements`) the next transaction may run on another server connection, where the name does not
 * exist (or exists already): `DATABASE_PREPARED_STATEMENTS=unnamed` sends them unnamed there (decision 0027).
 */
export async function rows<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = (tx.queryRunner ?? tx.connection.createQueryRunner()) as PostgresQueryRunner;
  try {
    // As TypeORM's own query() does: a transaction whose connection failed has released its runner.
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const client: PoolClient = await runner.connect();
    const name = unnamedStatements.has(tx.connection) ? undefined : statementName(sql);
    return (await client.query({ name, text: sql, values: params })).rows as T[];
  } finally {
    if (!tx.queryRunner) await runner.release();
  }
}

export async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(tx, sql, params))[0];
}

/** A statement whose rows are not needed. */
export async function execute(tx: Tx, sql: string, params: unknown[] = []): Promise<void> {
  await rows(tx, sql, params);
}
