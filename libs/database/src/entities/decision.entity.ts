import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const DECISION_ACTIONS = ['remove', 'no_violation', 'escalate'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
export const DECISION_GROUNDS = ['illegal_content', 'incompatible_content'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

@Entity('decisions')
@Index('decisions_case_idx', ['caseId', 'decidedAt'])
export class DecisionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') action: DecisionAction;
  @Column('text', { nullable: true }) ground: DecisionGround | null;
  @Column('text', { name: 'legal_ground', nullable: true }) legalGround: string | null;
  @Column('text', { nullable: true }) policy: string | null;
  /** The DSA category the removal was decided under; null: the case's. */
  @Column('text', { nullable: true }) category: string | null;
  @Column('text') explanation: string;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
  @Column('boolean', { name: 'automated_detection', default: false }) automatedDetection: boolean;
  @Column('boolean', { name: 'automated_decision', default: false }) automatedDecision: boolean;
}
