import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { BulkDecisionService } from '@docket/bulk';
import { ApiError } from '@docket/common';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { BulkApplyDto, BulkPreviewDto, BulkPreviewRequestDto, BulkViewDto } from './bulk.dto';

const bulkId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('bulk decision') });

@ApiTags('bulk decisions')
@ApiBearerAuth()
@Controller('v1/bulk-decisions')
export class BulkDecisionsController {
  constructor(private readonly bulk: BulkDecisionService) {}

  @Post('preview')
  @Roles('senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Preview one decision over many cases',
    description: 'Selects by explicit ids, by the fingerprint of a case (the same text), or by a reporter\'s notices in a range; at most 1 000 cases. '
      + 'Returns the eligible count, a sample, the excluded cases and why, and a token (BULK_PREVIEW_SECONDS) that only the caller may apply.',
  })
  @ApiOkResponse({ type: BulkPreviewDto })
  @ApiBadRequestResponse({ description: 'A bad field, no or two ways of selecting, or a selection of more than 1 000 cases.' })
  @ApiUnprocessableEntityResponse({ description: 'fingerprintOfCase names no case, or a case without a fingerprint yet.' })
  preview(@CurrentPrincipal() senior: Principal, @Body() body: BulkPreviewRequestDto) {
    return this.bulk.preview(senior, { ...body.selection }, { ...body.decision });
  }

  @Post()
  @Roles('senior')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Apply a preview's decision to every case still eligible",
    description: 'One decision, audit event and statement of reasons per case. Removal orders are held until `cancellableUntil` (BULK_GRACE_SECONDS, default 120).',
  })
  @ApiAcceptedResponse({ type: BulkViewDto, description: 'Decided; a removal is `pending` until its grace period ends.' })
  @ApiNotFoundResponse({ description: 'No such preview token.' })
  @ApiForbiddenResponse({ description: 'The preview was made by another principal.' })
  @ApiConflictResponse({ description: 'The token was already used.' })
  @ApiUnprocessableEntityResponse({ description: 'The token expired: preview again.' })
  apply(@CurrentPrincipal() senior: Principal, @Body() body: BulkApplyDto) {
    return this.bulk.apply(senior, body.token);
  }

  @Get(':id')
  @Roles('senior')
  @ApiOperation({ summary: 'A bulk decision and its progress (decided, removed, failed)' })
  @ApiOkResponse({ type: BulkViewDto })
  @ApiNotFoundResponse({ description: 'No such bulk decision.' })
  get(@Param('id', bulkId()) id: string) {
    return this.bulk.view(id);
  }

  @Post(':id/cancel')
  @Roles('senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a bulk removal within its grace period', description: 'Its cases go back to the queue and no removal order is sent. After the grace period: 409; reversal goes through appeals.' })
  @ApiOkResponse({ type: BulkViewDto })
  @ApiNotFoundResponse({ description: 'No such bulk decision.' })
  @ApiConflictResponse({ description: 'The grace period has ended, the bulk is not a removal, or it is already cancelled.' })
  cancel(@CurrentPrincipal() senior: Principal, @Param('id', bulkId()) id: string) {
    return this.bulk.cancel(senior, id);
  }
}
