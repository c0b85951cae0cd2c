import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { PostSnapshot } from '@docket/reports';
import { PostScanService } from '@docket/triage';
import { ScanRequestDto, ScanResultDto } from './scan.dto';

@ApiTags('platform')
@ApiBearerAuth()
@Controller('v1/posts')
export class PostsController {
  constructor(private readonly scanner: PostScanService) {}

  @Post('scan')
  @Roles('platform')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Own-initiative detection over 1 to 1000 posts', description: 'Flagged posts open (or join) a case with source own_initiative.' })
  @ApiOkResponse({ type: ScanResultDto })
  scan(@CurrentPrincipal() platform: Principal, @Body() body: ScanRequestDto) {
    return this.scanner.scan(platform, JSON.parse(JSON.stringify(body.posts)) as PostSnapshot[]);
  }
}
