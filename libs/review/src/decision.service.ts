import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock, newId } from '@docket/common';
import { DecisionAction, DecisionGround, Transactions } from '@docket/database';
import { EnforcementService } from '@docket/enforcement';
import type { Principal } from '@docket/principals';
import { ReporterCallbacks } from '@docket/reports';
import { CaseDetail } from './case-view';
import { NewDecision, ReviewRepository } from './review.repository';
import { ReviewService, holderId } from './review.service';

export interface DecisionInput {
  action: DecisionAction;
  ground?: DecisionGround;
  legalGround?: string;
  policy?: string;
  explanation: string;
}

/**
 * A moderator's decision: only the holder of a live lease decides, once. The
 * decision, the state change, the audit event and the work it causes (removal
 * order, reporter callbacks) are one transaction.
 */
@Injectable()
export class DecisionService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReviewRepository,
    private readonly review: ReviewService,
    private readonly enforcement: EnforcementService,
    private readonly callbacks: ReporterCallbacks,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async decide(moderator: Principal, caseId: string, input: DecisionInput): Promise<CaseDetail> {
    const holder = holderId(moderator);
    return this.tx.run(async (tx) => {
      const now = this.clock.now();
      const c = await this.repo.findCase(tx, caseId, true);
      if (!c) throw ApiError.notFound('case');
      if (c.state !== 'queued') throw ApiError.conflict(`this case is already decided (${c.state})`);
      if (c.claimedBy !== holder || !c.leaseExpiresAt || c.leaseExpiresAt <= now) throw ApiError.conflict('you do not hold a live lease on this case');
      if (c.tier === 'senior' && moderator.role !== 'senior' && moderator.role !== 'admin') throw ApiError.forbidden('escalated cases are decided by role senior');
      if (input.action === 'escalate' && c.tier === 'senior') throw ApiError.conflict('this case is already escalated');

      const removal = input.action === 'remove';
      const decision: NewDecision = {
        id: newId(), caseId, action: input.action,
        ground: removal ? input.ground! : null,
        legalGround: removal && input.ground === 'illegal_content' ? input.legalGround! : null,
        policy: removal && input.ground === 'incompatible_content' ? input.policy! : null,
        explanation: input.explanation, decidedBy: holder, decidedAt: now,
        // Detection was automated when the case came from the platform's own-initiative scan.
        automatedDetection: c.source === 'own_initiative', automatedDecision: false,
      };
      await this.repo.insertDecision(tx, decision);
      switch (input.action) {
        case 'remove':
          await this.repo.markRemoving(tx, caseId, now);
          await this.enforcement.plan(tx, caseId, decision.id);
          break;
        case 'no_violation':
          await this.repo.closeNoViolation(tx, caseId, now);
          await this.callbacks.planForCase(tx, caseId, 'no_violation');
          break;
        case 'escalate':
          await this.repo.escalate(tx, caseId);
          break;
      }
      await this.audit.record(tx, {
        actor: { id: holder, role: moderator.role }, action: 'case.decided', subjectType: 'case', subjectId: caseId, at: now,
        data: { decisionId: decision.id, action: input.action, ground: decision.ground, before: { state: c.state, tier: c.tier } },
      });
      return (await this.review.detailIn(tx, caseId, now))!;
    });
  }
}
