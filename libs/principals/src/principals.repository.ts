import { Injectable } from '@nestjs/common';
import { ReporterKind, Role, Tx, one, rows } from '@docket/database';

const COLUMNS = `id, name, role, kind, callback_url AS "callbackUrl", callback_secret AS "callbackSecret",
  key_hash AS "keyHash", created_at AS "createdAt", revoked_at AS "revokedAt"`;

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
}

@Injectable()
export class PrincipalsRepository {
  async insert(tx: Tx, p: Omit<PrincipalRow, 'createdAt' | 'revokedAt'>): Promise<PrincipalRow> {
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
}
