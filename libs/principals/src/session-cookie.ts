export const SESSION_COOKIE = 'docket_session';

const COOKIE = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{1,128})(?:;|$)`);

/** The session token a Cookie header carries, if any. */
export function readSessionCookie(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  return COOKIE.exec(header)?.[1] ?? null;
}

/**
 * HttpOnly keeps the token from scripts; SameSite=Strict keeps other sites' pages from sending it; Secure whenever
 * the request came over TLS. No Max-Age: the session ends on the server (idle bound, sign-out, revocation).
 */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
