import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ReporterKind } from './principal.entity';

/** A notice. Never edited after acceptance. */
@Entity('reports')
@Index('reports_reporter_idempotency_key', ['reporterId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('reports_reporter_received_idx', ['reporterId', 'receivedAt', 'id'])
@Index('reports_received_idx', ['receivedAt', 'id'])
@Index('reports_case_idx', ['caseId'])
export class ReportEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'post_id' }) postId: string;
  @Column('uuid', { name: 'reporter_id' }) reporterId: string;
  @Column('text', { name: 'reporter_kind' }) reporterKind: ReporterKind;
  @Column('text') category: string;
  @Column('text', { array: true, default: () => "'{}'" }) specification: string[];
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { name: 'evidence_urls', array: true, default: () => "'{}'" }) evidenceUrls: string[];
  @Column('text', { name: 'external_ref', nullable: true }) externalRef: string | null;
  @Column('timestamptz', { name: 'reported_at', nullable: true }) reportedAt: Date | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  /** This notice's own deadline by the policy in force when it arrived. */
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  /** sha256 of the canonical request, to tell a retry from a different notice under the same key. */
  @Column('text', { name: 'request_hash' }) requestHash: string;
  /** `api` or `xarf`; X-ARF keeps its original category and type. */
  /** The deadline policy in force on arrival; triage re-applies the same one with the classifier's signals. */
  @Column('int', { name: 'policy_id' }) policyId: number;
  @Column('text', { name: 'source_format', default: 'api' }) sourceFormat: string;
  @Column('jsonb', { name: 'source_details', nullable: true }) sourceDetails: Record<string, unknown> | null;
}
