import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@docket/common';
import type { Role } from '@docket/database';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { PrincipalsService } from './principals.service';

/**
 * Every route is closed unless marked @Public; a route with no @Roles is
 * admin-only, so forgetting the decorator fails safe.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = ctx.switchToHttp().getRequest();
    const key = bearerToken(request.headers?.authorization);
    const principal = key ? await this.principals.authenticate(key) : null;
    if (!principal) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'a valid API key is required (Authorization: Bearer <apiKey>)', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) throw ApiError.forbidden();
    return true;
  }
}

function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match ? match[1] : null;
}
