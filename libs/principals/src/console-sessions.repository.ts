import { Injectable } from '@nestjs/common';
import { Tx, execute, one } from '@docket/database';
import type { Principal } from './principal';

export interface LiveSession {
  tokenHash: Buffer;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  principal: Principal;
}

type SessionRow = Omit<LiveSession, 'principal'> & Principal;

/**
 * A session is live while it was seen within the idle bound, was not ended, and its principal's key is not revoked:
 * revoking a key ends its sessions in the same instant, with no message to miss. A request the moderator made ($4
 * false) also records that it was seen, at most every few seconds; the console's background polls do not, so an
 * unattended console still reaches its idle bound.
 */
const TOUCH_SQL = `WITH live AS (
         SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, p.id, p.name, p.role, p.kind
           FROM console_sessions s JOIN principals p ON p.id = s.principal_id
          WHERE s.token_hash = $1 AND s.ended_at IS NULL AND p.revoked_at IS NULL
            AND s.last_seen_at > $2::timestamptz - make_interval(secs => $3)
       ), touched AS (
         UPDATE console_sessions s SET last_seen_at = $2 FROM live
          WHERE s.token_hash = live.token_hash AND live.last_seen_at < $2::timestamptz - interval '5 seconds' AND NOT $4::boolean
       )
       SELECT token_hash AS "tokenHash", csrf_token AS "csrfToken", created_at AS "createdAt",
              CASE WHEN last_seen_at < $2::timestamptz - interval '5 seconds' AND NOT $4::boolean THEN $2::timestamptz ELSE last_seen_at END AS "lastSeenAt",
              id, name, role, kind
         FROM live`;

@Injectable()
export class ConsoleSessionsRepository {
  async insert(tx: Tx, s: { tokenHash: Buffer; principalId: string; csrfToken: string; at: Date }): Promise<void> {
    await execute(
      tx,
      `INSERT INTO console_sessions (token_hash, principal_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
      [s.tokenHash, s.principalId, s.csrfToken, s.at],
    );
  }

  async touch(tx: Tx, tokenHash: Buffer, now: Date, idleSeconds: number, background: boolean): Promise<LiveSession | undefined> {
    const row = await one<SessionRow>(tx, TOUCH_SQL, [tokenHash, now, idleSeconds, background]);
    if (!row) return undefined;
    const { id, name, role, kind, ...session } = row;
    return { ...session, principal: { id, name, role, kind } };
  }

  /** Ends one session; false when it had already ended. */
  async end(tx: Tx, tokenHash: Buffer, at: Date): Promise<boolean> {
    const row = await one(tx, `UPDATE console_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL RETURNING 1`, [tokenHash, at]);
    return row !== undefined;
  }

  async endAllOf(tx: Tx, principalId: string, at: Date): Promise<void> {
    await execute(tx, `UPDATE console_sessions SET ended_at = $2 WHERE principal_id = $1 AND ended_at IS NULL`, [principalId, at]);
  }
}
