import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { toCsv } from '@docket/exports';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { Period, QualityService } from '@docket/quality';
import { AuditPeriodQuery } from '../audit/audit.dto';
import { LeaseDto } from '../review/review.dto';
import {
  AgreementDto, AgreementQuery, AuditAgreementDto, DisagreementAssignmentDto, DisagreementOutcomeDto, DisagreementResolutionDto, SecondReviewAssignmentDto, SecondReviewClaimDto, SecondReviewDecisionDto, SecondReviewListQuery,
  SecondReviewOutcomeDto, SecondReviewPageDto,
} from './quality.dto';

interface Reply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

const secondReviewId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('second review') });

/** Quality sampling (decision 0037): the second-review queue, worked blind to the first decision. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('v1/second-reviews')
export class SecondReviewsController {
  constructor(private readonly quality: QualityService) {}

  @Post('claim')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Lease the oldest sampled decision for a second review',
    description: "Never one of the caller's own decisions. The answer shows the case (post, reports, signals) but not the first decision. The lease lasts LEASE_SECONDS.",
  })
  @ApiOkResponse({ type: SecondReviewAssignmentDto })
  @ApiNoContentResponse({ description: 'No second review is claimable by the caller.' })
  async claim(@CurrentPrincipal() moderator: Principal, @Body() body: SecondReviewClaimDto, @Res({ passthrough: true }) reply: Reply) {
    const claimed = await this.quality.claim(moderator, body.category);
    if (!claimed) reply.status(HttpStatus.NO_CONTENT);
    return claimed;
  }

  @Post('disagreements/claim')
  @Roles('senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Lease the oldest unresolved disagreement (the senior tier), of one category when given',
    description: 'Never one where the caller took either decision. The answer shows both decisions, both moderators, the reasons and the whole case. The lease lasts LEASE_SECONDS; POST …/{id}/release gives it back.',
  })
  @ApiOkResponse({ type: DisagreementAssignmentDto })
  @ApiNoContentResponse({ description: 'No disagreement is waiting for the caller.' })
  async claimDisagreement(@CurrentPrincipal() senior: Principal, @Body() body: SecondReviewClaimDto, @Res({ passthrough: true }) reply: Reply) {
    const claimed = await this.quality.claimDisagreement(senior, body.category);
    if (!claimed) reply.status(HttpStatus.NO_CONTENT);
    return claimed;
  }

  @Post(':id/resolution')
  @Roles('senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Resolve a disagreement: which decision was right",
    description: 'Only the holder of a live lease on the disagreement, once. Counted in the agreement figures (firstUpheld, secondUpheld). It changes no decision by itself (decision 0038): the first decision stands until an appeal overturns it.',
  })
  @ApiOkResponse({ type: DisagreementOutcomeDto })
  @ApiNotFoundResponse({ description: 'No such second review.' })
  @ApiConflictResponse({ description: 'The caller holds no live lease on it, it is not a disagreement, or it is already resolved.' })
  resolve(@CurrentPrincipal() senior: Principal, @Param('id', secondReviewId()) id: string, @Body() body: DisagreementResolutionDto) {
    return this.quality.resolve(senior, id, body);
  }

  @Post(':id/decision')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record the second review',
    description: 'Only the holder of a live lease, once. The same action as the first decision is agreement; a disagreement goes to the senior tier (GET /v1/second-reviews?state=disagreed).',
  })
  @ApiOkResponse({ type: SecondReviewOutcomeDto })
  @ApiNotFoundResponse({ description: 'No such second review.' })
  @ApiConflictResponse({ description: 'The caller holds no live lease on it, or it is already closed.' })
  decide(@CurrentPrincipal() moderator: Principal, @Param('id', secondReviewId()) id: string, @Body() body: SecondReviewDecisionDto) {
    return this.quality.decide(moderator, id, { action: body.action, reason: body.reason });
  }

  @Post(':id/heartbeat')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Keep the lease on a second review (or, for a senior, a disagreement) for another LEASE_SECONDS' })
  @ApiOkResponse({ type: LeaseDto })
  @ApiNotFoundResponse({ description: 'No such second review.' })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on it, or it is already closed.' })
  heartbeat(@CurrentPrincipal() moderator: Principal, @Param('id', secondReviewId()) id: string) {
    return this.quality.heartbeat(moderator, id);
  }

  @Post(':id/release')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Give the second review (or, for a senior, the disagreement) back to its queue' })
  @ApiNoContentResponse({ description: 'Released.' })
  @ApiNotFoundResponse({ description: 'No such second review.' })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on it, or it is already closed.' })
  async release(@CurrentPrincipal() moderator: Principal, @Param('id', secondReviewId()) id: string) {
    await this.quality.release(moderator, id);
  }

  @Get()
  @Roles('senior')
  @ApiOperation({ summary: 'Second reviews in a state: the disagreements are the senior tier\'s list', description: 'Both decisions, both moderators, the reasons.' })
  @ApiOkResponse({ type: SecondReviewPageDto })
  list(@Query() q: SecondReviewListQuery) {
    return this.quality.list(q.state, q.limit, q.cursor, q.resolved === undefined ? null : q.resolved === 'true');
  }
}

@ApiTags('quality')
@ApiBearerAuth()
@Controller('v1/quality')
export class QualityController {
  constructor(private readonly quality: QualityService) {}

  @Get('agreement')
  @Roles('senior')
  @ApiOperation({
    summary: 'Agreement of second reviews per category and per moderator',
    description: 'Second reviews closed in [from, to) (on the time of the second review). Per moderator: the first decider (null: automated decisions).',
  })
  @ApiOkResponse({ type: AgreementDto })
  agreement(@Query() q: AuditPeriodQuery) {
    return this.quality.agreement(period(q));
  }
}

const AGREEMENT_COLUMNS = ['category', 'reviewed', 'agreed', 'disagreed', 'agreementRate', 'resolved', 'firstUpheld', 'secondUpheld'];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditAgreementController {
  constructor(private readonly quality: QualityService) {}

  @Get('agreement')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Agreement of second reviews per category, in aggregate (no moderator)',
    description: 'Second reviews closed in [from, to) (on the time of the second review). CSV: one row per category, then `total`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AuditAgreementDto })
  async agreement(@CurrentPrincipal() auditor: Principal, @Query() q: AgreementQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = q.format ?? (accept?.includes('text/csv') ? 'csv' : 'json');
    const report = await this.quality.auditAgreement(auditor, period(q), format);
    if (format === 'json') return report;
    const range = [q.from, q.to].map((d) => d?.replace(/[^0-9A-Za-z-]/g, '') ?? 'all').join('_');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="docket-agreement-${range}.csv"`);
    return toCsv(AGREEMENT_COLUMNS, [...report.categories, { category: 'total', ...report.total }]);
  }
}

function period(q: AuditPeriodQuery): Period {
  const from = q.from === undefined ? null : new Date(q.from);
  const to = q.to === undefined ? null : new Date(q.to);
  if (from && to && to <= from) throw ApiError.validation([{ path: 'to', message: 'must be after from' }]);
  return { from, to };
}
