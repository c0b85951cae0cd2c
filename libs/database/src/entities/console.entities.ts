import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DecisionAction, DecisionGround } from './decision.entity';

/** A signed-in console: the cookie carries a random token, only its sha256 is kept. */
@Entity('console_sessions')
@Index('console_sessions_principal_idx', ['principalId'], { where: 'ended_at IS NULL' })
export class ConsoleSessionEntity {
  @PrimaryColumn('bytea', { name: 'token_hash' }) tokenHash: Buffer;
  @Column('uuid', { name: 'principal_id' }) principalId: string;
  @Column('text', { name: 'csrf_token' }) csrfToken: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
}

/** A case a moderator skipped: not claimed by them again until `until`. */
@Entity('case_skips')
export class CaseSkipEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @PrimaryColumn('uuid', { name: 'principal_id' }) principalId: string;
  @Column('timestamptz') until: Date;
}

/** One case opened (claimed) by one moderator: what wellness limits count. */
@Entity('exposures')
@Index('exposures_opened_idx', ['openedAt'])
export class ExposureEntity {
  @PrimaryColumn('uuid', { name: 'principal_id' }) principalId: string;
  @PrimaryColumn('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @Column('boolean') violent: boolean;
}

@Entity('moderator_preferences')
export class ModeratorPreferencesEntity {
  @PrimaryColumn('uuid', { name: 'principal_id' }) principalId: string;
  @Column('boolean', { name: 'blur_violent' }) blurViolent: boolean;
  @Column('boolean', { name: 'grayscale_media' }) grayscaleMedia: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A statement of reasons to start from, managed by seniors; `text` may hold placeholders the console fills in. */
@Entity('reason_templates')
@Index('reason_templates_position_idx', ['position', 'title'], { where: 'deleted_at IS NULL' })
export class ReasonTemplateEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('int') position: number;
  @Column('text') title: string;
  @Column('text') action: DecisionAction;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { nullable: true }) ground: DecisionGround | null;
  @Column('text', { name: 'legal_ground', nullable: true }) legalGround: string | null;
  @Column('text', { nullable: true }) policy: string | null;
  @Column('text') text: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
