import type { ApiError } from '@docket/common';

/**
 * Counts the requests refused for want of valid credentials, per client address. Provided by libs/ratelimit (its
 * AuthFailuresModule) under this token, so that library may keep depending on this one and not the other way round.
 */
export const AUTH_FAILURES = Symbol('AuthFailures');

export interface AuthFailures {
  /**
   * Counts one refusal of `clientAddress`: answers `unauthorized` (the 401) while the address is within its budget,
   * or a 429 with Retry-After once it is past it. Requests with valid credentials never come here.
   */
  refusal(clientAddress: string, unauthorized: ApiError): Promise<ApiError>;
}

/** The address Fastify saw (X-Forwarded-For only with TRUST_PROXY), or one shared bucket should it have none. */
export function clientAddress(request: { ip?: unknown }): string {
  return typeof request.ip === 'string' && request.ip !== '' ? request.ip : 'unknown';
}
