import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { EnforcementService } from '@docket/enforcement';
import { DecisionService, ReviewService } from '@docket/review';
import { CaseDetailDto, CaseHistoryDto, CaseNoteDto, CaseNoteInputDto, ClaimHistoryDto, DecisionDto, LeaseDto, RemovedMatchesDto, RetryDto } from './review.dto';

const caseId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('case') });

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly review: ReviewService,
    private readonly decisions: DecisionService,
    private readonly enforcement: EnforcementService,
  ) {}

  @Get(':id')
  @Roles('moderator', 'senior')
  @ApiOkResponse({ type: CaseDetailDto })
  get(@Param('id', caseId()) id: string) {
    return this.review.detail(id);
  }

  @Get(':id/history')
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: "The post's other cases and their decisions, newest first" })
  @ApiOkResponse({ type: CaseHistoryDto })
  history(@Param('id', caseId()) id: string) {
    return this.review.history(id);
  }

  @Get(':id/claims')
  @Roles('senior')
  @ApiOperation({ summary: 'Who claimed, released and skipped the case, and when (seniors)' })
  @ApiOkResponse({ type: ClaimHistoryDto })
  claims(@Param('id', caseId()) id: string) {
    return this.review.claimHistory(id);
  }

  @Post(':id/notes')
  @Roles('moderator', 'senior')
  @ApiOperation({
    summary: 'Add an internal note to the case',
    description: 'Shown in the case detail (`notes`) and recorded in the audit log (case.note_added, with the text); never shown to reporters.',
  })
  @ApiCreatedResponse({ type: CaseNoteDto })
  addNote(@CurrentPrincipal() author: Principal, @Param('id', caseId()) id: string, @Body() body: CaseNoteInputDto) {
    return this.review.addNote(author, id, body.text);
  }

  @Get(':id/removed-matches')
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: "The removed cases whose post this case's text repeats (the fingerprint signal), to open and compare" })
  @ApiOkResponse({ type: RemovedMatchesDto })
  removedMatches(@Param('id', caseId()) id: string) {
    return this.review.removedMatches(id);
  }

  @Post(':id/heartbeat')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Renew the lease' })
  @ApiOkResponse({ type: LeaseDto })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on this case.' })
  heartbeat(@CurrentPrincipal() moderator: Principal, @Param('id', caseId()) id: string) {
    return this.review.heartbeat(moderator, id);
  }

  @Post(':id/release')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Give the case back to the queue' })
  @ApiNoContentResponse({ description: 'Released: the case is claimable again.' })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on this case.' })
  async release(@CurrentPrincipal() moderator: Principal, @Param('id', caseId()) id: string) {
    await this.review.release(moderator, id);
  }

  @Post(':id/skip')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Give the case back and do not get it again for SKIP_COOLDOWN_SECONDS (default 600)' })
  @ApiNoContentResponse({ description: 'Skipped: claimable by others, not by the caller until the cooldown ends.' })
  @ApiConflictResponse({ description: 'The caller does not hold a live lease on this case.' })
  async skip(@CurrentPrincipal() moderator: Principal, @Param('id', caseId()) id: string) {
    await this.review.skip(moderator, id);
  }

  @Post(':id/retry-enforcement')
  @Roles('senior')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send the removal order of a removal_failed case again', description: 'Same decision, same Idempotency-Key.' })
  @ApiAcceptedResponse({ type: RetryDto })
  @ApiConflictResponse({ description: 'The case is not in removal_failed.' })
  retryEnforcement(@CurrentPrincipal() senior: Principal, @Param('id', caseId()) id: string) {
    return this.enforcement.retry(senior, id);
  }

  @Post(':id/decision')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decide: remove, no_violation or escalate', description: 'Only the holder of a live lease, once. Escalated cases: role senior.' })
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiConflictResponse({ description: 'No live lease held by the caller, or the case is already decided.' })
  decide(@CurrentPrincipal() moderator: Principal, @Param('id', caseId()) id: string, @Body() body: DecisionDto) {
    return this.decisions.decide(moderator, id, body);
  }
}
