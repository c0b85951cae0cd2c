import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { Clock } from '@docket/common';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import type { DeadlinePolicy } from './deadline-policy';
import { DeadlinePolicyRepository } from './deadline-policy.repository';

/** Policies are versions: replacing one adds a row, so every report keeps the policy it was received under. */
@Injectable()
export class DeadlinePolicyService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: DeadlinePolicyRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<DeadlinePolicy> {
    return (await this.repo.current(this.tx.reader)).policy;
  }

  replace(admin: Principal, input: DeadlinePolicy): Promise<DeadlinePolicy> {
    // Plain data in a fixed key order, whatever class instance validation produced.
    const policy: DeadlinePolicy = {
      rules: input.rules.map((r) => ({ when: JSON.parse(JSON.stringify(r.when)), windowSeconds: r.windowSeconds })),
      defaultWindowSeconds: input.defaultWindowSeconds,
      warnAtFraction: input.warnAtFraction,
      ...(input.appeals ? {
        appeals: {
          rules: input.appeals.rules.map((r) => ({ categories: [...r.categories], windowSeconds: r.windowSeconds })),
          defaultWindowSeconds: input.appeals.defaultWindowSeconds,
        },
      } : {}),
    };
    return this.tx.run(async (tx) => {
      const previous = await this.repo.current(tx);
      const stored = await this.repo.insert(tx, policy, admin.id);
      await this.audit.record(tx, {
        actor: { id: admin.id, role: admin.role }, action: 'deadline_policy.replaced', subjectType: 'deadline_policy', subjectId: String(stored.id),
        at: this.clock.now(), data: { previousId: previous.id, policy },
      });
      return stored.policy;
    });
  }
}
