import { Injectable } from '@nestjs/common';
import { DecisionAction, DecisionGround, Tx, one, rows } from '@docket/database';

export interface ReasonTemplateFields {
  position: number;
  title: string;
  action: DecisionAction;
  category: string | null;
  ground: DecisionGround | null;
  legalGround: string | null;
  policy: string | null;
  text: string;
}

export interface ReasonTemplateRow extends ReasonTemplateFields {
  id: string;
  updatedAt: Date;
}

const COLUMNS = `id, position, title, action, category, ground, legal_ground AS "legalGround", policy, text, updated_at AS "updatedAt"`;

@Injectable()
export class ReasonTemplatesRepository {
  list(tx: Tx): Promise<ReasonTemplateRow[]> {
    return rows(tx, `SELECT ${COLUMNS} FROM reason_templates WHERE deleted_at IS NULL ORDER BY position, title, id`);
  }

  async insert(tx: Tx, id: string, t: ReasonTemplateFields, by: string | null, at: Date): Promise<ReasonTemplateRow> {
    return (await one<ReasonTemplateRow>(
      tx,
      `INSERT INTO reason_templates (id, position, title, action, category, ground, legal_ground, policy, text, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ${COLUMNS}`,
      [id, t.position, t.title, t.action, t.category, t.ground, t.legalGround, t.policy, t.text, by, at],
    ))!;
  }

  update(tx: Tx, id: string, t: ReasonTemplateFields, at: Date): Promise<ReasonTemplateRow | undefined> {
    return one(
      tx,
      `UPDATE reason_templates SET position = $2, title = $3, action = $4, category = $5, ground = $6, legal_ground = $7, policy = $8,
              text = $9, updated_at = $10
        WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [id, t.position, t.title, t.action, t.category, t.ground, t.legalGround, t.policy, t.text, at],
    );
  }

  /** Kept, marked deleted: audit events may name it. */
  async delete(tx: Tx, id: string, at: Date): Promise<boolean> {
    return (await one(tx, `UPDATE reason_templates SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id`, [id, at])) !== undefined;
  }
}
