import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A transaction handle passed down explicitly: one per use case. */
export type Tx = EntityManager;

@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

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

/**
 * Runs a query and returns its rows, typed. TypeORM's own `query` returns
 * `[rows, count]` for UPDATE and DELETE, so ask the runner for the structured result.
 */
export async function rows<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).records as T[];
  } finally {
    if (!tx.queryRunner) await runner.release();
  }
}

export async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(tx, sql, params))[0];
}
