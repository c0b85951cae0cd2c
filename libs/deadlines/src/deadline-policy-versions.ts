import { Injectable } from '@nestjs/common';
import { Tx } from '@docket/database';
import type { DeadlinePolicy } from './deadline-policy';
import { DeadlinePolicyRepository } from './deadline-policy.repository';

/**
 * Policy versions by id, kept once read: a version never changes (replacing a policy adds one), so triage reads
 * each from PostgreSQL once per process rather than once per batch. Which version is current is not cached.
 */
@Injectable()
export class DeadlinePolicyVersions {
  private readonly known = new Map<number, DeadlinePolicy>();

  constructor(private readonly repo: DeadlinePolicyRepository) {}

  async get(tx: Tx, ids: Iterable<number>): Promise<Map<number, DeadlinePolicy>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.known.has(id));
    if (missing.length > 0) for (const [id, policy] of await this.repo.byIds(tx, missing)) this.known.set(id, policy);
    const found = new Map<number, DeadlinePolicy>();
    for (const id of wanted) {
      const policy = this.known.get(id);
      if (!policy) throw new Error(`deadline policy ${id} does not exist`);
      found.set(id, policy);
    }
    return found;
  }
}
