import { ApiError, call, get, setCsrfToken } from './api';
import type { Session } from './types';

/** The live session behind the cookie, or null when there is none (a fresh visit, or a reload after it ended). */
export async function resumeSession(): Promise<Session | null> {
  try {
    return started(await get<Session>('/v1/session'));
  } catch (err) {
    // A 429 here is a 401 held back: this address has had too many refused requests, yet a valid key signs in.
    if (err instanceof ApiError && (err.status === 401 || err.status === 429)) return null;
    throw err;
  }
}

/** The key goes into this one request body and nowhere else: the cookie the API sets carries the session. */
export async function signIn(apiKey: string): Promise<Session> {
  const session = await call<Session>('POST', '/v1/session', { apiKey });
  if (!session) throw new ApiError(502, { statusCode: 502, error: 'Bad Gateway', message: 'sign-in answered without a session' });
  return started(session);
}

export async function signOut(): Promise<void> {
  try {
    await call('DELETE', '/v1/session');
  } catch (err) {
    // Already over on the server: signing out has nothing left to do.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  setCsrfToken(null);
}

function started(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}
