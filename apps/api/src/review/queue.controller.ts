import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { ReviewService } from '@docket/review';
import { CaseDetailDto, CaseQueueDto, ClaimDto, QueueOverviewDto, QueueQuery } from './review.dto';

interface Reply {
  status(code: number): unknown;
}

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/queue')
export class QueueController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: 'Claimable cases of a tier, in claim order' })
  @ApiOkResponse({ type: CaseQueueDto })
  list(@CurrentPrincipal() reader: Principal, @Query() q: QueueQuery) {
    return this.review.queue(reader, q.tier, q.limit, q.cursor);
  }

  @Get('overview')
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: 'Per tier: queued, oldest, past deadline, due within the hour; and my leases', description: 'Queue-wide figures are at most a few seconds old.' })
  @ApiOkResponse({ type: QueueOverviewDto })
  overview(@CurrentPrincipal() reader: Principal) {
    return this.review.overview(reader);
  }

  @Post('claim')
  @Roles('moderator', 'senior')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lease the most urgent claimable case', description: 'The lease lasts LEASE_SECONDS (default 300) and is renewed by heartbeat. Cases the caller skipped within SKIP_COOLDOWN_SECONDS are passed over; past the daily cap of violent cases (WELLNESS_DAILY_VIOLENT_CAP) only non-violent cases are claimed.' })
  @ApiOkResponse({ type: CaseDetailDto, description: 'The claimed case, with `leaseExpiresAt`.' })
  @ApiNoContentResponse({ description: 'Nothing is claimable in this tier.' })
  async claim(@CurrentPrincipal() moderator: Principal, @Body() body: ClaimDto, @Res({ passthrough: true }) reply: Reply) {
    const claimed = await this.review.claim(moderator, body.tier ?? (moderator.role === 'senior' ? 'senior' : 'standard'));
    if (!claimed) reply.status(HttpStatus.NO_CONTENT);
    return claimed;
  }
}
