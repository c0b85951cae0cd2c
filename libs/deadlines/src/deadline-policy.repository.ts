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

  async insert(tx: Tx, policy: DeadlinePolicy, createdBy: string | null): Promise<StoredPolicy> {
    return (await one<StoredPolicy>(tx, 'INSERT INTO deadline_policies (policy, created_by) VALUES ($1, $2) RETURNING id, policy', [
      JSON.stringify(policy),
      createdBy,
    ]))!;
  }
}
