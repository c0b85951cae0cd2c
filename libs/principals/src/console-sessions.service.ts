import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Role, Transactions } from '@docket/database';
import { hashApiKey } from './api-keys';
import { AUTH_FAILURES, AuthFailures } from './auth-failures';
import type { Principal } from './principal';
import { ConsoleSessionsRepository, LiveSession } from './console-sessions.repository';
import { PrincipalsService } from './principals.service';

/** Who may sign in to the console: the people who work the queue. */
export const CONSOLE_ROLES: readonly Role[] = ['moderator', 'senior', 'admin'];

export interface StartedSession {
  /** Goes into the cookie only; never stored. */
  token: string;
  session: LiveSession;
}

/** Console sign-in: an API key exchanged once for a server-side session named by an HttpOnly cookie. */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly principals: PrincipalsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(AUTH_FAILURES) private readonly failures: AuthFailures,
  ) {}

  /** A refused key counts against `clientAddress`'s budget of failures, like a request refused by the guard. */
  async signIn(apiKey: string, clientAddress: string): Promise<StartedSession> {
    const principal = await this.principals.authenticate(apiKey);
    if (!principal) {
      throw await this.failures.refusal(clientAddress, new ApiError(HttpStatus.UNAUTHORIZED, 'this API key is not valid or has been revoked'));
    }
    if (!principal.id) throw ApiError.forbidden('the bootstrap admin key names no principal: create an admin principal and sign in with its key');
    if (!CONSOLE_ROLES.includes(principal.role)) throw ApiError.forbidden(`the console is for moderators, seniors and admins, not role ${principal.role}`);
    const token = randomBytes(32).toString('base64url');
    const at = this.clock.now();
    const session: LiveSession = { tokenHash: hashApiKey(token), csrfToken: randomBytes(24).toString('base64url'), createdAt: at, lastSeenAt: at, principal };
    await this.tx.run(async (tx) => {
      await this.sessions.insert(tx, { tokenHash: session.tokenHash, principalId: principal.id!, csrfToken: session.csrfToken, at });
      await this.audit.record(tx, { actor: { id: principal.id, role: principal.role }, action: 'session.started', subjectType: 'principal', subjectId: principal.id!, at });
    });
    return { token, session };
  }

  /**
   * The live session a cookie names, seen again unless the request is a `background` poll; undefined when it ended,
   * idled out or its key was revoked.
   */
  find(token: string, background = false): Promise<LiveSession | undefined> {
    return this.sessions.touch(this.tx.reader, hashApiKey(token), this.clock.now(), this.config.SESSION_IDLE_SECONDS, background);
  }

  async signOut(session: LiveSession): Promise<void> {
    const principal: Principal = session.principal;
    await this.tx.run(async (tx) => {
      const at = this.clock.now();
      if (!(await this.sessions.end(tx, session.tokenHash, at))) return;
      await this.audit.record(tx, { actor: { id: principal.id, role: principal.role }, action: 'session.ended', subjectType: 'principal', subjectId: principal.id!, at });
    });
  }

  expiresAt(session: LiveSession): Date {
    return new Date(session.lastSeenAt.getTime() + this.config.SESSION_IDLE_SECONDS * 1000);
  }
}
