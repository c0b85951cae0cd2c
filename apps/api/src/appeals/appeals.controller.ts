import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AppealsService, RestoreService } from '@docket/appeals';
import { ApiError } from '@docket/common';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { ClaimDto, LeaseDto } from '../review/review.dto';
import { AppealDecisionDto, AppealDetailDto, AppealDto, AppealListQuery, AppealPageDto, AppealReceiptDto, AppealsOverviewDto, AppealViewDto, RestoreRetryDto } from './appeals.dto';
import { idempotencyKey } from '../http/idempotency-key';

interface Reply {
  status(code: number): unknown;
}

const appealId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('appeal') });

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('v1/appeals')
export class AppealsController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly restores: RestoreService,
  ) {}

  @Post()
  @Roles('platform', 'reporter')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Appeal a decision (DSA Art. 20)',
    description: "`author`: the platform files for a removed post's author; `notifier`: a reporter files against the decision on its own notice. "
      + 'Within APPEAL_WINDOW_DAYS (183) of the decision, once per decision and appellant.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body from the same filer: the same receipt again (200).' })
  @ApiAcceptedResponse({ type: AppealReceiptDto, description: 'Received and queued; 200 when this replays the same key and body.' })
  @ApiForbiddenResponse({ description: 'The appellant kind is filed by another role (author: platform; notifier: reporter).' })
  @ApiNotFoundResponse({ description: 'No such decision (for a notifier: none on its notices).' })
  @ApiConflictResponse({ description: 'Already appealed by this appellant, replaced by a later decision, an escalation, or a removal not yet confirmed.' })
  @ApiUnprocessableEntityResponse({ description: 'The window has passed, the appellant cannot contest this kind of decision, or the Idempotency-Key was used with another body.' })
  async file(@CurrentPrincipal() filer: Principal, @Body() body: AppealDto, @Headers('idempotency-key') key: unknown, @Res({ passthrough: true }) reply: Reply) {
    const { receipt, replayed } = await this.appeals.file(filer, { ...body }, idempotencyKey(key));
    if (replayed) reply.status(HttpStatus.OK);
    return receipt;
  }

  @Get()
  @Roles('moderator', 'senior', 'auditor')
  @ApiOperation({ summary: 'Appeals in a state, oldest first', description: 'E.g. `state=restore_failed` for the restorations a senior retries.' })
  @ApiOkResponse({ type: AppealPageDto })
  list(@Query() q: AppealListQuery) {
    return this.appeals.list(q.state, q.limit, q.cursor);
  }

  @Get('overview')
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: 'Per tier: undecided appeals, in review, past deadline, and the next deadline' })
  @ApiOkResponse({ type: AppealsOverviewDto })
  overview() {
    return this.appeals.overview();
  }

  @Post('claim')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lease the most urgent appeal', description: 'Deadline first. Never an appeal of the caller\'s own decision. The lease lasts LEASE_SECONDS.' })
  @ApiOkResponse({ type: AppealDetailDto, description: 'The appeal, the contested decision and its case, with `leaseExpiresAt`.' })
  @ApiNoContentResponse({ description: 'No appeal is claimable in this tier.' })
  async claim(@CurrentPrincipal() moderator: Principal, @Body() body: ClaimDto, @Res({ passthrough: true }) reply: Reply) {
    const claimed = await this.appeals.claim(moderator, body.tier ?? (moderator.role === 'senior' ? 'senior' : 'standard'));
    if (!claimed) reply.status(HttpStatus.NO_CONTENT);
    return claimed;
  }

  @Get(':id')
  @Roles('platform', 'reporter', 'moderator', 'senior', 'auditor')
  @ApiOperation({ summary: 'An appeal and its status', description: 'Filers see their own appeals (others: 404).' })
  @ApiOkResponse({ type: AppealViewDto })
  get(@CurrentPrincipal() reader: Principal, @Param('id', appealId()) id: string) {
    return this.appeals.get(reader, id);
  }

  @Get(':id/detail')
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: 'The appeal with the contested decision and its case, as the claim returns it' })
  @ApiOkResponse({ type: AppealDetailDto })
  detail(@CurrentPrincipal() reader: Principal, @Param('id', appealId()) id: string) {
    return this.appeals.detail(reader, id);
  }

  @Post(':id/heartbeat')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Renew the lease' })
  @ApiOkResponse({ type: LeaseDto })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on this appeal.' })
  heartbeat(@CurrentPrincipal() moderator: Principal, @Param('id', appealId()) id: string) {
    return this.appeals.heartbeat(moderator, id);
  }

  @Post(':id/release')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Give the appeal back to the queue' })
  @ApiNoContentResponse({ description: 'Released.' })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on this appeal.' })
  async release(@CurrentPrincipal() moderator: Principal, @Param('id', appealId()) id: string) {
    await this.appeals.release(moderator, id);
  }

  @Post(':id/decision')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Uphold or overturn',
    description: 'Only the holder of a live lease, once. Overturning a removal sends the platform a signed content.restore order; overturning a "no violation" sends a removal order.',
  })
  @ApiOkResponse({ type: AppealViewDto })
  @ApiConflictResponse({ description: 'No live lease held by the caller, the appeal already decided, or the post has another open case.' })
  decide(@CurrentPrincipal() moderator: Principal, @Param('id', appealId()) id: string, @Body() body: AppealDecisionDto) {
    return this.appeals.decide(moderator, id, { ...body });
  }

  @Post(':id/retry-restore')
  @Roles('senior')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send the restore order of a restore_failed appeal again', description: 'Same decision, same Idempotency-Key.' })
  @ApiAcceptedResponse({ type: RestoreRetryDto })
  @ApiConflictResponse({ description: 'The appeal is not in restore_failed.' })
  retryRestore(@CurrentPrincipal() senior: Principal, @Param('id', appealId()) id: string) {
    return this.restores.retry(senior, id);
  }
}

