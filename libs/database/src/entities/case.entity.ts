import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Stored states. `in_review` and `escalated` are not stored: a queued case with a
 * live lease is in review, and a queued case on the senior tier is escalated.
 * Deriving them is what lets an expired lease free a case without any job.
 */
export const CASE_STATES = ['received', 'queued', 'removing', 'removed', 'no_violation', 'removal_failed'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const OPEN_CASE_STATES: readonly CaseState[] = ['received', 'queued', 'removing', 'removal_failed'];
export const TIERS = ['standard', 'senior'] as const;
export type Tier = (typeof TIERS)[number];
export type CaseSource = 'notice' | 'own_initiative';

@Entity('cases')
export class CaseEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'post_id' }) postId: string;
  @Column('text') state: CaseState;
  @Column('text', { default: 'standard' }) tier: Tier;
  @Column('text', { default: 'notice' }) source: CaseSource;
  /** Category of the first report; `categories` holds every category reported. */
  @Column('text') category: string;
  @Column('text', { array: true }) categories: string[];
  @Column('int', { default: 3 }) priority: number;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('int', { name: 'report_count', default: 0 }) reportCount: number;
  @Column('jsonb', { nullable: true }) signals: Record<string, unknown> | null;
  @Column('uuid', { name: 'claimed_by', nullable: true }) claimedBy: string | null;
  @Column('timestamptz', { name: 'lease_expires_at', nullable: true }) leaseExpiresAt: Date | null;
  @Column('timestamptz', { name: 'first_reported_at' }) firstReportedAt: Date;
  @Column('timestamptz', { name: 'queued_at', nullable: true }) queuedAt: Date | null;
  @Column('timestamptz', { name: 'first_claimed_at', nullable: true }) firstClaimedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { name: 'breached_at', nullable: true }) breachedAt: Date | null;
  @Column('timestamptz', { name: 'timers_due_at', nullable: true }) timersDueAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
