import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Jobs written in the same transaction as the state they follow; the relay moves them to BullMQ. */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column('text') queue: string;
  @Column('text') name: string;
  @Column('text', { name: 'job_id' }) jobId: string;
  @Column('jsonb') data: Record<string, unknown>;
  /** For timers: when the job should run. Absolute, so a late relay still fires on time. */
  @Column('timestamptz', { name: 'run_at', nullable: true }) runAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
