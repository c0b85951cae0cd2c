import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '@docket/common';
import { EnforcementService } from '@docket/enforcement';
import { Roles } from '@docket/principals';

class RemovalFailureDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() postId: string;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
  @ApiProperty({ description: 'Attempts the platform refused or did not answer.' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: "What the last attempt got: the platform's status, or the network error." }) lastError: string | null;
}

class RemovalFailurePageDto {
  @ApiProperty({ type: [RemovalFailureDto] }) items: RemovalFailureDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/enforcement')
export class EnforcementFailuresController {
  constructor(private readonly enforcement: EnforcementService) {}

  @Get('failures')
  @Roles('senior')
  @ApiOperation({ summary: 'Cases in removal_failed, oldest decision first, with the platform\'s last answer', description: 'Retry one with POST /v1/cases/{id}/retry-enforcement.' })
  @ApiOkResponse({ type: RemovalFailurePageDto })
  failures(@Query() q: PageQuery) {
    return this.enforcement.failures(q.limit, q.cursor);
  }
}
