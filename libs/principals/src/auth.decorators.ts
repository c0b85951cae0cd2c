import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@docket/database';
import type { Principal } from './principal';

export const ROLES_KEY = 'docket:roles';
export const PUBLIC_KEY = 'docket:public';

/** Roles allowed on a route besides admin, who may call every route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Operations routes (health, metrics, docs) need no key. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});
