import type { ErrorBody } from './types';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ErrorBody) {
    super(body.message);
  }
}

const SESSION_PATH = '/v1/session';

// Held in memory only: a reloaded page asks GET /v1/session for it again, so nothing is written to storage.
let csrfToken: string | null = null;
let sessionEnded: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** False once signed out or once the API said the session is over; calls made then would only fail. */
export function hasSession(): boolean {
  return csrfToken !== null;
}

/** Called once for the 401 that ends a session (the session routes themselves excepted: they answer 401 by design). */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

// Browser time minus server time, from each answer's Date header (whole seconds): lease and deadline countdowns
// compare the server's timestamps with the server's clock, however wrong the moderator's computer is.
let serverOffsetMs = 0;

/** The server's time now, as far as its last answer told. */
export const serverNow = (): number => Date.now() - serverOffsetMs;

function noteServerTime(response: Response): void {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The header drops the milliseconds: move only when the clocks differ by more than that rounding.
  const offset = Date.now() - date;
  if (Math.abs(offset - serverOffsetMs) > 1500) serverOffsetMs = offset;
}

/**
 * Resolves to the parsed body, or null when the API answered without one (204, 202). A `background` call (a poll)
 * does not count as the moderator's activity: an unattended console still reaches its idle timeout.
 */
export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { keepalive?: boolean; background?: boolean } = {}): Promise<T | null> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.background) headers['X-Docket-Background'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive: options.keepalive,
  });
  noteServerTime(response);
  if (response.status === 401 && path !== SESSION_PATH && csrfToken !== null) {
    csrfToken = null;
    sessionEnded();
  }
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : null;
}

export async function get<T>(path: string, options: { background?: boolean } = {}): Promise<T> {
  const body = await call<T>('GET', path, undefined, options);
  if (body === null) throw new ApiError(502, { statusCode: 502, error: 'Bad Gateway', message: `${path} answered without a body` });
  return body;
}

async function errorBody(response: Response): Promise<ErrorBody> {
  try {
    return (await response.json()) as ErrorBody;
  } catch {
    return { statusCode: response.status, error: response.statusText, message: `the server answered ${response.status} ${response.statusText}` };
  }
}

/** The session ending is shown by the sign-in screen, so callers stay quiet about it. */
export function isSessionEnd(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'The server could not be reached; check the connection and try again.';
}
