import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
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
