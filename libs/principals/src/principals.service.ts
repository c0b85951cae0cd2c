import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { AppConfig } from '@docket/config';
import { Clock, ApiError, Page, decodeCursor, newId, toPage } from '@docket/common';
import { ReporterKind, Role, Transactions } from '@docket/database';
import { hashApiKey, newApiKey, newCallbackSecret, sameHash } from './api-keys';
import { BOOTSTRAP_ADMIN, Principal } from './principal';
import { PrincipalCache } from './principal-cache';
import { PrincipalRow, PrincipalsRepository } from './principals.repository';
import { ConsoleSessionsRepository } from './console-sessions.repository';

export interface NewPrincipal {
  name: string;
  role: Role;
  kind?: ReporterKind;
  callbackUrl?: string;
}

export interface PrincipalView {
  id: string;
  name: string;
  role: Role;
  kind: ReporterKind | null;
  callbackUrl: string | null;
  languages: string[];
  skills: string[];
  /** A reporter's standing (DSA Art. 23): when it was last warned, and until when it is suspended (null: not now). */
  warnedAt: string | null;
  suspendedUntil: string | null;
  createdAt: string;
}

export interface CreatedPrincipal extends PrincipalView {
  apiKey: string;
  callbackSecret: string;
}

@Injectable()
export class PrincipalsService {
  private readonly adminKeyHash: Buffer | null;

  constructor(
    private readonly tx: Transactions,
    private readonly principals: PrincipalsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cache: PrincipalCache,
    private readonly sessions: ConsoleSessionsRepository,
    config: AppConfig,
  ) {
    this.adminKeyHash = config.ADMIN_API_KEY ? hashApiKey(config.ADMIN_API_KEY) : null;
  }

  async create(actor: Principal, input: NewPrincipal): Promise<CreatedPrincipal> {
    if (input.role === 'reporter' && !input.kind) {
      throw ApiError.validation([{ path: 'kind', message: 'is required for role reporter' }]);
    }
    if (input.role !== 'reporter' && (input.kind || input.callbackUrl)) {
      const path = input.kind ? 'kind' : 'callbackUrl';
      throw ApiError.validation([{ path, message: 'is only for role reporter' }]);
    }
    const apiKey = newApiKey();
    const keyHash = hashApiKey(apiKey);
    const callbackSecret = newCallbackSecret();
    const row = await this.tx.run(async (tx) => {
      const created = await this.principals.insert(tx, {
        id: newId(), name: input.name, role: input.role, kind: input.kind ?? null,
        callbackUrl: input.callbackUrl ?? null, callbackSecret, keyHash,
      });
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.created', subjectType: 'principal', subjectId: created.id,
        at: this.clock.now(), data: { name: created.name, role: created.role, kind: created.kind },
      });
      return created;
    });
    // After the commit, so no lookup can read the key's absence after it was forgotten.
    await this.cache.keyCreated(keyHash);
    return { ...toView(row), apiKey, callbackSecret };
  }

  async list(limit: number, cursor?: string): Promise<Page<PrincipalView>> {
    const after = decodeCursor<{ createdAt: string; id: string }>(cursor, ['createdAt', 'id']);
    const fetched = await this.principals.list(this.tx.reader, limit + 1, after);
    return toPage(fetched, limit, toView, (r) => ({ createdAt: r.createdAt.toISOString(), id: r.id }));
  }

  async revoke(actor: Principal, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const at = this.clock.now();
      if (!(await this.principals.revoke(tx, id, at))) throw ApiError.notFound('principal');
      await this.sessions.endAllOf(tx, id, at);
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.revoked', subjectType: 'principal', subjectId: id, at,
      });
    });
    await this.cache.revoked(id);
  }

  /** The principal behind an API key, or null for an unknown or revoked key. */
  async authenticate(apiKey: string): Promise<Principal | null> {
    const hash = hashApiKey(apiKey);
    if (this.adminKeyHash && sameHash(hash, this.adminKeyHash)) return BOOTSTRAP_ADMIN;
    const cached = this.cache.get(hash);
    if (cached) return cached;
    if (this.cache.isUnknown(hash)) return null;
    const mark = this.cache.mark();
    const row = await this.principals.findActiveByKeyHash(this.tx.reader, hash);
    if (!row || !sameHash(hash, row.keyHash)) {
      this.cache.putUnknown(hash, mark);
      return null;
    }
    const principal: Principal = {
      id: row.id, name: row.name, role: row.role, kind: row.kind,
      suspension: row.suspendedUntil ? { until: row.suspendedUntil, reason: row.suspensionReason! } : null,
    };
    this.cache.put(hash, principal, mark);
    return principal;
  }
}

function toView(row: PrincipalRow): PrincipalView {
  return {
    id: row.id, name: row.name, role: row.role, kind: row.kind, callbackUrl: row.callbackUrl, languages: row.languages, skills: row.skills,
    warnedAt: row.warnedAt?.toISOString() ?? null, suspendedUntil: row.suspendedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
