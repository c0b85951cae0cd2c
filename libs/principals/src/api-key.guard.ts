import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '@docket/common';
import type { Role } from '@docket/database';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AUTH_FAILURES, AuthFailures, clientAddress } from './auth-failures';
import type { Principal } from './principal';
import { PrincipalsService } from './principals.service';
import { ConsoleSessionsService } from './console-sessions.service';
import { readSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every route is closed unless marked @Public; a route with no @Roles is
 * admin-only, so forgetting the decorator fails safe. A caller is an API key
 * (Authorization: Bearer) or, for the console, a session cookie; a write by
 * cookie must also carry the session's CSRF token. Every 401 counts against the
 * client address's budget of failures; past it the address's 401s become 429s.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalsService,
    private readonly sessions: ConsoleSessionsService,
    @Inject(AUTH_FAILURES) private readonly failures: AuthFailures,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = ctx.switchToHttp().getRequest();
    const principal = await this.authenticate(request);
    if (!principal) {
      const unauthorized = new ApiError(HttpStatus.UNAUTHORIZED, 'a valid API key is required (Authorization: Bearer <apiKey>)', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
      throw await this.failures.refusal(clientAddress(request), unauthorized);
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) throw ApiError.forbidden();
    return true;
  }

  private async authenticate(request: { headers?: Record<string, unknown>; method?: string; consoleSession?: unknown }): Promise<Principal | null> {
    const key = bearerToken(request.headers?.authorization);
    if (key) return this.principals.authenticate(key);
    const token = readSessionCookie(request.headers?.cookie);
    if (!token) return null;
    const session = await this.sessions.find(token, request.headers?.['x-docket-background'] === '1');
    if (!session) return null;
    if (!SAFE_METHODS.has(request.method ?? 'GET') && !sameToken(request.headers?.['x-csrf-token'], session.csrfToken)) {
      throw ApiError.forbidden('a write from the console needs its X-CSRF-Token header');
    }
    request.consoleSession = session;
    return session.principal;
  }
}

function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match ? match[1] : null;
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
