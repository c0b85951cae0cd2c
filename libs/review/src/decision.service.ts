import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiError, Clock, newId } from '@docket/common';
import { AppConfig } from '@docket/config';
import { DecisionAction, DecisionGround, Transactions } from '@docket/database';
import { removalOrderJob } from '@docket/enforcement';
import type { Principal } from '@docket/principals';
import { CaseDetail } from './case-view';
import { NewDecision, ReviewRepository } from './review.repository';
import { detailOf, holderId, worksSeniorTier } from './review.service';

export interface DecisionInput {
  action: DecisionAction;
  /** The DSA category a removal is decided under; the case's when absent. */
  category?: string;
  ground?: DecisionGround;
  legalGround?: string;
  policy?: string;
  explanation: string;
  /** Only with no_violation: the notice was manifestly unfounded (DSA Art. 23). */
  manifestlyUnfounded?: boolean;
}

/**
 * A moderator's decision: only the holder of a live lease decides, once. The
 * decision, the state change, the audit event and the work it causes (removal
 * order, reporter callbacks) are one statement, so one atomic write.
 */
@Injectable()
export class DecisionService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReviewRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async decide(moderator: Principal, caseId: string, input: DecisionInput): Promise<CaseDetail> {
    const holder = holderId(moderator);
    const seniorAllowed = worksSeniorTier(moderator);
    const now = this.clock.now();
    const removal = input.action === 'remove';
    const decision: NewDecision = {
      id: newId(), caseId, action: input.action, category: removal ? input.category ?? null : null,
      ground: removal ? input.ground! : null,
      legalGround: removal && input.ground === 'illegal_content' ? input.legalGround! : null,
      policy: removal && input.ground === 'incompatible_content' ? input.policy! : null,
      explanation: input.explanation, decidedBy: holder, decidedAt: now, automatedDecision: false,
      manifestlyUnfounded: input.action === 'no_violation' && input.manifestlyUnfounded === true,
    };
    // Quality sampling (decision 0037): a final decision drawn into the sample gets a second review in the same statement.
    decision.secondReviewId = input.action !== 'escalate' && sampledForSecondReview(decision.id, this.config.QUALITY_SAMPLE_SHARE, decision.automatedDecision)
      ? newId() : null;
    const decided = await this.repo.decide(this.tx.reader, decision, { holder, now, seniorAllowed }, {
      actorId: holder, actorRole: moderator.role, action: 'case.decided', at: now,
      data: {
        decisionId: decision.id, action: input.action, ground: decision.ground, ...(decision.category ? { category: decision.category } : {}),
        ...(decision.manifestlyUnfounded ? { manifestlyUnfounded: true } : {}),
        ...(decision.secondReviewId ? { secondReviewId: decision.secondReviewId } : {}),
      },
    }, {
      // A removal is sent to the platform; no violation closes the case and tells the reporters; escalation waits.
      jobs: removal ? [removalOrderJob(caseId, decision.id)] : [],
      notify: input.action === 'no_violation' ? 'no_violation' : undefined,
    });
    if (!decided) throw await this.refusal(caseId, holder, now, seniorAllowed, input.action);
    return detailOf(decided, now);
  }

  /** Why the decision's guard did not hold, read after the fact (the case may have moved on meanwhile). */
  private async refusal(caseId: string, holder: string, now: Date, seniorAllowed: boolean, action: DecisionAction): Promise<ApiError> {
    const c = await this.repo.findCase(this.tx.reader, caseId);
    if (!c) return ApiError.notFound('case');
    if (c.state !== 'queued') return ApiError.conflict(`this case is already decided (${c.state})`);
    if (c.claimedBy !== holder || !c.leaseExpiresAt || c.leaseExpiresAt <= now) return ApiError.conflict('you do not hold a live lease on this case');
    if (c.tier === 'senior' && !seniorAllowed) return ApiError.forbidden('escalated cases are decided by role senior');
    if (action === 'escalate' && c.tier === 'senior') return ApiError.conflict('this case is already escalated');
    return ApiError.conflict('the case changed while deciding; read it again');
  }
}

/**
 * Whether a decision goes to a second review (decision 0037): every automated decision, and of the others a `share`
 * drawn from the decision id (the first 32 bits of its SHA-256, read as a fraction): deterministic, so a retried or
 * replayed decision draws the same, and uniform over random ids.
 */
export function sampledForSecondReview(decisionId: string, share: number, automated: boolean): boolean {
  if (automated) return true;
  const draw = createHash('sha256').update(decisionId).digest().readUInt32BE(0) / 2 ** 32;
  return draw < share;
}
