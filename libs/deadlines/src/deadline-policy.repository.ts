import { Injectable } from '@nestjs/common';
import { Tx, one, rows } from '@docket/database';
import type { DeadlinePolicy, StoredPolicy } from './deadline-policy';

@Injectable()
export class DeadlinePolicyRepository {
  async current(tx: Tx): Promise<StoredPolicy> {
    const row = await one<StoredPolicy>(tx, 'SELECT id, policy FROM deadline_policies ORDER BY id DESC LIMIT 1');
    if (!row) throw new Error('no deadline policy: the initial migration seeds one');
    return row;
  }

  async byIds(tx: Tx, ids: number[]): Promise<Map<number, DeadlinePolicy>> {
    const found = await rows<StoredPolicy>(tx, 'SELECT id, policy FROM deadline_policies WHERE id = ANY($1)', [ids]);
    return new Map(found.map((r) => [r.id, r.policy]));
  }

  /**
   * The policies of the given ids and the current one, in one round trip: triage
   * needs both for every case (each report keeps its own policy; timers use the
   * current warning fraction).
   */
  async withCurrent(tx: Tx, ids: number[]): Promise<{ byId: Map<number, DeadlinePolicy>; current: StoredPolicy }> {
    const found = await rows<StoredPolicy & { isCurrent: boolean }>(
      tx,
      `SELECT id, policy, id = (SELECT max(id) FROM deadline_policies) AS "isCurrent"
         FROM deadline_policies WHERE id = ANY($1) OR id = (SELECT max(id) FROM deadline_policies)`,
      [ids],
    );
    const current = found.find((r) => r.isCurrent);
    if (!current) throw new Error('no deadline policy: the initial migration seeds one');
    return { byId: new Map(found.map((r) => [r.id, r.policy])), current: { id: current.id, policy: current.policy } };
  }

  async insert(tx: Tx, policy: DeadlinePolicy, createdBy: string | null): Promise<StoredPolicy> {
    return (await one<StoredPolicy>(tx, 'INSERT INTO deadline_policies (policy, created_by) VALUES ($1, $2) RETURNING id, policy', [
      JSON.stringify(policy),
      createdBy,
    ]))!;
  }
}
