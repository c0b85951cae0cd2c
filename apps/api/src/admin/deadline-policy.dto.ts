import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { EachIsObject, ValidWhen } from '@docket/common';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateNested,
} from 'class-validator';
import { DSA_CATEGORIES, DSA_KEYWORDS } from '@docket/dsa';
import { FLAG_INCITEMENT, FLAG_MATCHES_REMOVED } from '@docket/triage';

const REPORTER_KINDS = ['hosting_provider', 'trusted_flagger', 'authority', 'user'];
const SIGNAL_FLAGS = [FLAG_INCITEMENT, FLAG_MATCHES_REMOVED];
const YEAR = 366 * 24 * 3600;

/** A rule with no condition would match everything: that is what defaultWindowSeconds is for. */
const HasSomeCondition = ValidWhen('hasSomeCondition', 'must name at least one condition (reporterKinds, categories, specifications, signals)',
  (value) => typeof value === 'object' && value !== null && ['reporterKinds', 'categories', 'specifications', 'signals'].some((k) => (value as Record<string, unknown>)[k] !== undefined));

export class RuleConditionsDto {
  @ApiPropertyOptional({ type: [String], enum: REPORTER_KINDS })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(REPORTER_KINDS, { each: true, message: `each must be one of ${REPORTER_KINDS.join(', ')}` })
  reporterKinds?: string[];

  @ApiPropertyOptional({ type: [String], enum: DSA_CATEGORIES })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(DSA_CATEGORIES, { each: true, message: 'each must be a DSA STATEMENT_CATEGORY_* value' })
  categories?: string[];

  @ApiPropertyOptional({ type: [String], enum: DSA_KEYWORDS })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(DSA_KEYWORDS, { each: true, message: 'each must be a DSA KEYWORD_* value' })
  specifications?: string[];

  @ApiPropertyOptional({ type: [String], enum: SIGNAL_FLAGS, description: 'Classifier flags.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(SIGNAL_FLAGS, { each: true, message: `each must be one of ${SIGNAL_FLAGS.join(', ')}` })
  signals?: string[];
}

export class DeadlineRuleDto {
  @ApiProperty({ type: RuleConditionsDto, description: 'Every given condition must match (lists: any overlap).' })
  @IsObject() @HasSomeCondition() @ValidateNested() @Type(() => RuleConditionsDto)
  when: RuleConditionsDto;

  @ApiProperty({ minimum: 1, maximum: YEAR })
  @IsInt() @Min(1) @Max(YEAR)
  windowSeconds: number;
}

export class AppealRuleDto {
  @ApiProperty({ type: [String], enum: DSA_CATEGORIES, description: 'Categories of the contested decision.' })
  @IsArray() @ArrayMinSize(1) @IsIn(DSA_CATEGORIES, { each: true, message: 'each must be a DSA STATEMENT_CATEGORY_* value' })
  categories: string[];

  @ApiProperty({ minimum: 1, maximum: YEAR })
  @IsInt() @Min(1) @Max(YEAR)
  windowSeconds: number;
}

export class AppealWindowsDto {
  @ApiProperty({ type: [AppealRuleDto], maxItems: 200, description: 'The first rule naming the category wins.' })
  @IsArray() @ArrayMaxSize(200) @EachIsObject() @ValidateNested({ each: true }) @Type(() => AppealRuleDto)
  rules: AppealRuleDto[];

  @ApiProperty({ minimum: 1, maximum: YEAR, example: 604800 })
  @IsInt() @Min(1) @Max(YEAR)
  defaultWindowSeconds: number;
}

export class DeadlinePolicyDto {
  @ApiProperty({ type: [DeadlineRuleDto], maxItems: 200, description: 'The first rule whose every condition matches wins.' })
  @IsArray() @ArrayMaxSize(200) @EachIsObject() @ValidateNested({ each: true }) @Type(() => DeadlineRuleDto)
  rules: DeadlineRuleDto[];

  @ApiProperty({ minimum: 1, maximum: YEAR, example: 604800 })
  @IsInt() @Min(1) @Max(YEAR)
  defaultWindowSeconds: number;

  @ApiProperty({ exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 1, example: 0.75, description: 'Share of the window after which a warning fires.' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.01) @Max(0.99)
  warnAtFraction: number;

  @ApiPropertyOptional({ type: AppealWindowsDto, description: 'How long an appeal may wait for its decision, per category; 7 days when absent.' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AppealWindowsDto)
  appeals?: AppealWindowsDto;
}
