import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only record of every state change, hash-chained in id order (see AuditLog). */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn('bigint') id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_role' }) actorRole: string;
  @Column('text') action: string;
  @Column('text', { name: 'subject_type' }) subjectType: string;
  @Column('text', { name: 'subject_id' }) subjectId: string;
  @Column('jsonb', { default: () => "'{}'" }) data: Record<string, unknown>;
  @Column('bytea') hash: Buffer;
}
