import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A transaction handle passed down explicitly: one per use case. */
export type Tx = EntityManager;

type Hook = () => Promise<void>;
const beforeCommit = new WeakMap<Tx, Hook[]>();

/**
 * Runs `hook` as the last work of the transaction, after the use case's own.
 * Returns false when `tx` is not a transaction `Transactions.run` opened.
 */
export function onBeforeCommit(tx: Tx, hook: Hook): boolean {
  const hooks = beforeCommit.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      const hooks: Hook[] = [];
      beforeCommit.set(tx, hooks);
      const result = await work(tx);
      for (let hook = hooks.shift(); hook; hook = hooks.shift()) await hook();
      return result;
    });
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
