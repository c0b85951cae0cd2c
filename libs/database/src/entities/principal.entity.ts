import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const ROLES = ['admin', 'moderator', 'senior', 'auditor', 'reporter', 'platform'] as const;
export type Role = (typeof ROLES)[number];
export const REPORTER_KINDS = ['hosting_provider', 'trusted_flagger', 'authority', 'user'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

@Entity('principals')
export class PrincipalEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('text', { nullable: true }) kind: ReporterKind | null;
  @Column('text', { name: 'callback_url', nullable: true }) callbackUrl: string | null;
  /** HMAC key for callbacks: must be usable, so it is kept, never shown after creation. */
  @Column('text', { name: 'callback_secret' }) callbackSecret: string;
  /** sha256 of the API key; the key itself is never stored. */
  @Index('principals_key_hash_key', { unique: true })
  @Column('bytea', { name: 'key_hash' }) keyHash: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
