import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The reported content, keyed by the platform's own post id. */
@Entity('posts')
export class PostEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { name: 'author_id', nullable: true }) authorId: string | null;
  @Column('text', { nullable: true }) text: string | null;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text', { name: 'media_urls', array: true, default: () => "'{}'" }) mediaUrls: string[];
  @Column('timestamptz', { name: 'posted_at', nullable: true }) postedAt: Date | null;
  /** sha256 of the normalised text, set by triage. */
  @Column('text', { nullable: true }) fingerprint: string | null;
  /** Set when the platform shows a removed post again; a new report then opens a new case. */
  @Column('timestamptz', { name: 'restored_at', nullable: true }) restoredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
