import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO6391, IsOptional } from 'class-validator';
import { DSA_CATEGORIES } from '@docket/dsa';
import { ROLES, Role } from '@docket/database';

/** Issue 21, point 2 (decision 0035): what a claim prefers for this moderator. */
export class PrincipalRoutingInputDto {
  @ApiPropertyOptional({
    type: [String], maxItems: 50, example: ['de', 'en'],
    description: 'ISO 639-1 codes of the languages the moderator reads; replaces the list; [] for none (plain deadline order).',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsISO6391({ each: true, message: 'each must be an ISO 639-1 language code' })
  languages?: string[];

  @ApiPropertyOptional({
    type: [String], enum: DSA_CATEGORIES, maxItems: 16,
    description: 'DSA categories the moderator is skilled in; replaces the list; [] for none.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(16) @IsIn(DSA_CATEGORIES, { each: true, message: 'each must be a DSA STATEMENT_CATEGORY_* value' })
  skills?: string[];
}

export class PrincipalRoutingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String], description: 'ISO 639-1 codes, sorted.' }) languages: string[];
  @ApiProperty({ type: [String], enum: DSA_CATEGORIES, description: 'Sorted.' }) skills: string[];
}
