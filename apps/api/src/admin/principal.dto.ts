import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Length, MaxLength, MinLength } from 'class-validator';
import { IsTimestamp } from '@docket/common';
import { REPORTER_KINDS, ROLES, ReporterKind, Role } from '@docket/database';

export class CreatePrincipalDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ enum: REPORTER_KINDS, description: 'Required for role reporter.' })
  @IsOptional() @IsIn(REPORTER_KINDS)
  kind?: ReporterKind;

  @ApiPropertyOptional({ description: 'Where report.resolved callbacks are POSTed (reporters only).', maxLength: 2048 })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) @MaxLength(2048)
  callbackUrl?: string;
}

export class PrincipalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: REPORTER_KINDS, nullable: true }) kind: ReporterKind | null;
  @ApiProperty({ nullable: true }) callbackUrl: string | null;
  @ApiProperty({ type: [String], description: 'ISO 639-1 codes a claim prefers (PATCH /v1/admin/principals/{id}).' }) languages: string[];
  @ApiProperty({ type: [String], description: 'DSA categories a claim prefers.' }) skills: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "A reporter's last warning (DSA Art. 23)." }) warnedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Suspended until then (as of the last change; null: not suspended).' }) suspendedUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedPrincipalDto extends PrincipalDto {
  @ApiProperty({ description: 'Shown only in this response; stored as a hash.' }) apiKey: string;
  @ApiProperty({ description: 'HMAC key of callbacks; shown only in this response.' }) callbackSecret: string;
}

export class PrincipalPageDto {
  @ApiProperty({ type: [PrincipalDto] }) items: PrincipalDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class WarningDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 2000, description: 'Why the reporter is warned; sent in the signed `reporter.warning` callback.' })
  @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class SuspensionDto {
  @ApiProperty({ format: 'date-time', description: 'When the suspension ends (must be in the future); the reporter\'s notices are refused until then.' })
  @IsTimestamp()
  until: string;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Given to the reporter with every refused notice.' })
  @IsString() @Length(1, 2000)
  reason: string;
}

class ReliabilityDto {
  @ApiProperty({ description: 'UNFOUNDED_WINDOW_DAYS: the window, up to now, the figures cover.' }) windowDays: number;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Notices received in the window.' }) filed: number;
  @ApiProperty({ description: 'Of those, decided (removal or no violation).' }) decided: number;
  @ApiProperty({ description: 'Of those, decided no violation and marked manifestly unfounded.' }) manifestlyUnfounded: number;
  @ApiProperty({ nullable: true, type: Number, description: 'manifestlyUnfounded / decided; null when none was decided.' }) manifestlyUnfoundedShare: number | null;
  @ApiProperty({ description: 'UNFOUNDED_SHARE_THRESHOLD.' }) threshold: number;
  @ApiProperty({ description: 'Whether the share is above the threshold (a condition of a suspension).' }) pastThreshold: boolean;
}

class SuspensionViewDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'date-time' }) until: string;
  @ApiProperty() reason: string;
}

export class ReporterStandingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The last warning.' }) warnedAt: string | null;
  @ApiProperty({ nullable: true, type: SuspensionViewDto }) suspension: SuspensionViewDto | null;
  @ApiProperty({ type: ReliabilityDto }) reliability: ReliabilityDto;
}
