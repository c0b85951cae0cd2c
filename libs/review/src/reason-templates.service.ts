import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock, newId } from '@docket/common';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { ReasonTemplateFields, ReasonTemplateRow, ReasonTemplatesRepository } from './reason-templates.repository';

export interface ReasonTemplateView extends ReasonTemplateFields {
  id: string;
  updatedAt: string;
}

export type ReasonTemplateInput = Partial<Pick<ReasonTemplateFields, 'category' | 'ground' | 'legalGround' | 'policy'>> & Omit<ReasonTemplateFields, 'category' | 'ground' | 'legalGround' | 'policy'>;

/** Statements of reasons to start from, managed by seniors and admins, each change an audit event. */
@Injectable()
export class ReasonTemplatesService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReasonTemplatesRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<{ items: ReasonTemplateView[] }> {
    return { items: (await this.repo.list(this.tx.reader)).map(toView) };
  }

  create(actor: Principal, input: ReasonTemplateInput): Promise<ReasonTemplateView> {
    const fields = normalised(input);
    return this.tx.run(async (tx) => {
      const at = this.clock.now();
      const row = await this.repo.insert(tx, newId(), fields, actor.id, at);
      await this.record(tx, actor, 'reason_template.created', row.id, at, { after: fields });
      return toView(row);
    });
  }

  replace(actor: Principal, id: string, input: ReasonTemplateInput): Promise<ReasonTemplateView> {
    const fields = normalised(input);
    return this.tx.run(async (tx) => {
      const at = this.clock.now();
      const row = await this.repo.update(tx, id, fields, at);
      if (!row) throw ApiError.notFound('reason template');
      await this.record(tx, actor, 'reason_template.replaced', id, at, { after: fields });
      return toView(row);
    });
  }

  async delete(actor: Principal, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const at = this.clock.now();
      if (!(await this.repo.delete(tx, id, at))) throw ApiError.notFound('reason template');
      await this.record(tx, actor, 'reason_template.deleted', id, at);
    });
  }

  private record(tx: Parameters<AuditLog['record']>[0], actor: Principal, action: string, id: string, at: Date, data?: Record<string, unknown>) {
    return this.audit.record(tx, { actor: { id: actor.id, role: actor.role }, action, subjectType: 'reason_template', subjectId: id, at, data });
  }
}

/** A removal template says on what ground; the others give only a text. */
function normalised(input: ReasonTemplateInput): ReasonTemplateFields {
  const removal = input.action === 'remove';
  return {
    position: input.position, title: input.title, action: input.action, text: input.text,
    category: removal ? input.category ?? null : null,
    ground: removal ? input.ground ?? null : null,
    legalGround: removal && input.ground === 'illegal_content' ? input.legalGround ?? null : null,
    policy: removal && input.ground === 'incompatible_content' ? input.policy ?? null : null,
  };
}

function toView(row: ReasonTemplateRow): ReasonTemplateView {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}
