import { Body, Controller, Get, HttpCode, HttpStatus, OnApplicationShutdown, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty,
  ApiTags, ApiTooManyRequestsResponse, OmitType,
} from '@nestjs/swagger';
import { IsUrl, MaxLength } from 'class-validator';
import { ApiError } from '@docket/common';
import { AppConfig } from '@docket/config';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { tooManyRequests } from '@docket/ratelimit';
import { PostIdentityService, PostSnapshot } from '@docket/reports';
import { ScanService } from '@docket/triage';
import { PostSnapshotDto } from '../reports/report.dto';
import { ScanBudget } from './scan-budget';
import { ScanReceiptDto, ScanRequestDto, ScanViewDto } from './scan.dto';

/** A post snapshot whose URL is required: the mapping is the point. */
class PostRegistrationDto extends OmitType(PostSnapshotDto, ['url'] as const) {
  @ApiProperty({ maxLength: 2048, example: 'https://social.example/p/123' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http(s) URL' }) @MaxLength(2048)
  url: string;
}

class PostMappingDto {
  @ApiProperty({ description: "The platform's post id." }) id: string;
  @ApiProperty() url: string;
}

interface Reply {
  header(name: string, value: string): unknown;
}

@ApiTags('platform')
@ApiBearerAuth()
@Controller('v1/posts')
export class PostsController implements OnApplicationShutdown {
  /** Owned here, the one route that spends it: counted after validation, so a refused body costs nothing. */
  private readonly budget: ScanBudget;

  constructor(private readonly scans: ScanService, private readonly identities: PostIdentityService, config: AppConfig) {
    this.budget = new ScanBudget({ redisUrl: config.REDIS_URL, queuePrefix: config.QUEUE_PREFIX, postsPerMinute: config.SCAN_POSTS_PER_MINUTE });
  }

  @Post()
  @Roles('reporter', 'platform')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Map a content URL to the platform's post id",
    description: 'X-ARF notices name content by URL only: once mapped, one about this URL joins the case of the post, not a case of its own.',
  })
  @ApiOkResponse({ type: PostMappingDto })
  @ApiConflictResponse({ description: 'The URL already names another post, or the post already has another URL.' })
  register(@CurrentPrincipal() actor: Principal, @Body() body: PostRegistrationDto) {
    return this.identities.register(actor, JSON.parse(JSON.stringify(body)) as PostSnapshot & { url: string });
  }

  @Post('scan')
  @Roles('platform')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Own-initiative detection over 1 to 1000 posts, run by the worker',
    description:
      'The posts are stored and scanned by the worker; read the results at the `Location` given. Flagged posts open (or join) a case with ' +
      'source own_initiative. Limited to SCAN_POSTS_PER_MINUTE posts per minute per API key.',
  })
  @ApiAcceptedResponse({
    type: ScanReceiptDto,
    description: 'Stored with its job: the worker scans it. Poll the `Location` until `status` is `done`.',
    headers: { Location: { description: 'Where the scan is read back: /v1/posts/scans/{scanId}.', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'Invalid: `errors` names every bad field; nothing is stored.' })
  @ApiTooManyRequestsResponse({ description: "Posts per minute of this API key used up: nothing is stored; see Retry-After." })
  async scan(@CurrentPrincipal() platform: Principal, @Body() body: ScanRequestDto, @Res({ passthrough: true }) reply: Reply) {
    const spend = await this.budget.take(platform.id ?? 'bootstrap-admin', body.posts.length);
    if (!spend.allowed) {
      throw tooManyRequests(`scan budget of this API key used up (${this.budget.postsPerMinute} posts per minute)`, spend.retryAfterMs);
    }
    const receipt = await this.scans.request(platform, JSON.parse(JSON.stringify(body.posts)) as PostSnapshot[]);
    reply.header('Location', `/v1/posts/scans/${receipt.scanId}`);
    return receipt;
  }

  @Get('scans/:id')
  @Roles('platform')
  @ApiOperation({ summary: 'A scan: its status, counts, and the flagged posts with their cases', description: 'For the API key that filed it (and admins).' })
  @ApiOkResponse({ type: ScanViewDto })
  @ApiNotFoundResponse({ description: 'No such scan, or another API key filed it.' })
  getScan(@CurrentPrincipal() reader: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('scan') })) id: string) {
    return this.scans.get(reader, id);
  }

  onApplicationShutdown(): void {
    this.budget.close();
  }
}
