import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every policy ever in force; the newest row is the current one. */
@Entity('deadline_policies')
export class DeadlinePolicyEntity {
  @PrimaryGeneratedColumn('identity') id: number;
  @Column('jsonb') policy: Record<string, unknown>;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
