import { Injectable } from '@nestjs/common';
import { ReporterKind, Role, Tx, execute, one, rows } from '@docket/database';

const COLUMNS = `id, name, role, kind, callback_url AS "callbackUrl", callback_secret AS "callbackSecret",
  key_hash AS "keyHash", created_at AS "createdAt", revoked_at AS "revokedAt",
  warned_at AS "warnedAt", suspended_at AS "suspendedAt", suspended_until AS "suspendedUntil", suspension_reason AS "suspensionReason",
  languages, skills`;

export interface PrincipalRow {
  id: string;
  name: string;
  role: Role;
  kind: ReporterKind | null;
  callbackUrl: string | null;
  /** HMAC key for callbacks: must be usable, so it is kept, never shown after creation. */
  callbackSecret: string;
  /** sha256 of the API key; the key itself is never stored. */
  keyHash: Buffer;
  createdAt: Date;
  revokedAt: Date | null;
  /** The last warning (DSA Art. 23), a prior condition of any suspension. */
  warnedAt: Date | null;
  suspendedAt: Date | null;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  /** What a claim prefers (decision 0035): ISO 639-1 codes and DSA categories. */
  languages: string[];
  skills: string[];
}

/** A reporter's notices over a period, as the reliability figures count them. */
export interface ReliabilityFigures {
  filed: number;
  decided: number;
  manifestlyUnfounded: number;
}

@Injectable()
export class PrincipalsRepository {
  async insert(tx: Tx, p: Omit<PrincipalRow, 'createdAt' | 'revokedAt' | 'warnedAt' | 'suspendedAt' | 'suspendedUntil' | 'suspensionReason' | 'languages' | 'skills'>): Promise<PrincipalRow> {
    return (await one<PrincipalRow>(
      tx,
      `INSERT INTO principals (id, name, role, kind, callback_url, callback_secret, key_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [p.id, p.name, p.role, p.kind, p.callbackUrl, p.callbackSecret, p.keyHash],
    ))!;
  }

  findActiveByKeyHash(tx: Tx, keyHash: Buffer): Promise<PrincipalRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM principals WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
  }

  findById(tx: Tx, id: string): Promise<PrincipalRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM principals WHERE id = $1`, [id]);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  list(tx: Tx, limit: number, after?: { createdAt: string; id: string }): Promise<PrincipalRow[]> {
    return after
      ? rows(tx, `SELECT ${COLUMNS} FROM principals WHERE revoked_at IS NULL AND (created_at, id) < ($1, $2)
                  ORDER BY created_at DESC, id DESC LIMIT $3`, [after.createdAt, after.id, limit])
      : rows(tx, `SELECT ${COLUMNS} FROM principals WHERE revoked_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
  }

  async revoke(tx: Tx, id: string, at: Date): Promise<boolean> {
    const revoked = await rows(tx, 'UPDATE principals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, at]);
    return revoked.length === 1;
  }

  /** The active principal, locked for a change of its standing. */
  findActiveForUpdate(tx: Tx, id: string): Promise<PrincipalRow | undefined> {
    return one(tx, `SELECT ${COLUMNS} FROM principals WHERE id = $1 AND revoked_at IS NULL FOR UPDATE`, [id]);
  }

  async warn(tx: Tx, id: string, at: Date): Promise<void> {
    await execute(tx, 'UPDATE principals SET warned_at = $2 WHERE id = $1', [id, at]);
  }

  async suspend(tx: Tx, id: string, s: { at: Date; until: Date; reason: string }): Promise<void> {
    await execute(tx, 'UPDATE principals SET suspended_at = $2, suspended_until = $3, suspension_reason = $4 WHERE id = $1', [id, s.at, s.until, s.reason]);
  }

  async lift(tx: Tx, id: string): Promise<void> {
    await execute(tx, 'UPDATE principals SET suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL WHERE id = $1', [id]);
  }

  /**
   * A reporter's notices received in [from, to): how many, how many decided (their case's latest removal or no
   * violation), and how many of those were decided no violation and marked manifestly unfounded.
   */
  async reliability(tx: Tx, reporterId: string, from: Date, to: Date): Promise<ReliabilityFigures> {
    return (await one<ReliabilityFigures>(
      tx,
      `SELECT count(*)::int AS filed, count(d.action)::int AS decided,
              count(*) FILTER (WHERE d.manifestly_unfounded)::int AS "manifestlyUnfounded"
         FROM reports r
         LEFT JOIN LATERAL (SELECT action, manifestly_unfounded FROM decisions
                             WHERE case_id = r.case_id AND action IN ('remove', 'no_violation')
                             ORDER BY decided_at DESC, id DESC LIMIT 1) d ON true
        WHERE r.reporter_id = $1 AND r.received_at >= $2 AND r.received_at < $3`,
      [reporterId, from, to],
    ))!;
  }
}
