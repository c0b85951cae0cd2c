import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import { IsUrl, MaxLength } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { PostIdentityService, PostSnapshot } from '@docket/reports';
import { PostSnapshotDto } from '../reports/report.dto';
import { PostScanService } from '@docket/triage';
import { ScanRequestDto, ScanResultDto } from './scan.dto';

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

@ApiTags('platform')
@ApiBearerAuth()
@Controller('v1/posts')
export class PostsController {
  constructor(private readonly scanner: PostScanService, private readonly identities: PostIdentityService) {}

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
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Own-initiative detection over 1 to 1000 posts', description: 'Flagged posts open (or join) a case with source own_initiative.' })
  @ApiOkResponse({ type: ScanResultDto })
  scan(@CurrentPrincipal() platform: Principal, @Body() body: ScanRequestDto) {
    return this.scanner.scan(platform, JSON.parse(JSON.stringify(body.posts)) as PostSnapshot[]);
  }
}
