import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { Role, Transactions, Tx, one } from '@docket/database';
import { Principal } from './principal';

/** Roles that work the queue, and so may carry languages and skills. */
export const ROUTED_ROLES: readonly Role[] = ['moderator', 'senior', 'admin'];

export interface PrincipalRouting {
  id: string;
  name: string;
  role: Role;
  languages: string[];
  skills: string[];
}

/** The SQL of a principal's routing: the languages (ISO 639-1) and category skills a claim prefers (decision 0035). */
@Injectable()
export class PrincipalRoutingRepository {
  find(tx: Tx, id: string): Promise<PrincipalRouting | undefined> {
    return one(tx, `SELECT id, name, role, languages, skills FROM principals WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  /** Sets what is given (null: unchanged) on an active principal; undefined when there is none. */
  update(tx: Tx, id: string, languages: string[] | null, skills: string[] | null): Promise<PrincipalRouting | undefined> {
    return one(
      tx,
      `UPDATE principals SET languages = COALESCE($2::text[], languages), skills = COALESCE($3::text[], skills)
        WHERE id = $1 AND revoked_at IS NULL
       RETURNING id, name, role, languages, skills`,
      [id, languages, skills],
    );
  }
}

/**
 * Admins set which languages a moderator reads and which categories they are skilled in. Claims read them in their
 * own statement, so a change applies to the next claim with no cache to clear.
 */
@Injectable()
export class PrincipalRoutingService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: PrincipalRoutingRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async update(actor: Principal, id: string, input: { languages?: string[]; skills?: string[] }): Promise<PrincipalRouting> {
    const languages = input.languages ? [...new Set(input.languages)].sort() : null;
    const skills = input.skills ? [...new Set(input.skills)].sort() : null;
    return this.tx.run(async (tx) => {
      const found = await this.repo.find(tx, id);
      if (!found) throw ApiError.notFound('principal');
      if (!ROUTED_ROLES.includes(found.role) && (languages?.length || skills?.length)) {
        throw ApiError.validation([{ path: languages?.length ? 'languages' : 'skills', message: `is only for roles ${ROUTED_ROLES.join(', ')} (this principal is a ${found.role})` }]);
      }
      const updated = (await this.repo.update(tx, id, languages, skills))!;
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.routing_changed', subjectType: 'principal', subjectId: id, at: this.clock.now(),
        data: { before: { languages: found.languages, skills: found.skills }, after: { languages: updated.languages, skills: updated.skills } },
      });
      return updated;
    });
  }
}
