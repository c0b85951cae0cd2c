import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DECISION_ACTIONS, DECISION_GROUNDS, DecisionAction, DecisionGround } from '@docket/database';
import { DSA_CATEGORIES } from '@docket/dsa';

export class ReasonTemplateInputDto {
  @ApiProperty({ minimum: 0, maximum: 1000, description: 'Templates are listed in this order; the console numbers the first nine per action 1–9.' })
  @IsInt() @Min(0) @Max(1000)
  position: number;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ enum: DECISION_ACTIONS })
  @IsIn(DECISION_ACTIONS)
  action: DecisionAction;

  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: 'For remove templates.' })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: DECISION_GROUNDS, description: 'For remove templates.' })
  @IsOptional() @IsIn(DECISION_GROUNDS)
  ground?: DecisionGround;

  @ApiPropertyOptional({ maxLength: 500, description: 'With ground illegal_content.' })
  @IsOptional() @IsString() @Length(1, 500)
  legalGround?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'With ground incompatible_content.' })
  @IsOptional() @IsString() @Length(1, 500)
  policy?: string;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'May hold {postId} {category} {language} {reportCount} {legalGround} {policy}, filled in by the console.' })
  @IsString() @Length(1, 2000)
  text: string;
}

export class ReasonTemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DECISION_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ enum: DECISION_GROUNDS, nullable: true }) ground: string | null;
  @ApiProperty({ nullable: true, type: String }) legalGround: string | null;
  @ApiProperty({ nullable: true, type: String }) policy: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ReasonTemplateListDto {
  @ApiProperty({ type: [ReasonTemplateDto] }) items: ReasonTemplateDto[];
}
