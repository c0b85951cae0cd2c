import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, PageQuery } from '@docket/common';
import { CurrentPrincipal, Principal, PrincipalsService, ReporterStandingService } from '@docket/principals';
import { CreatePrincipalDto, CreatedPrincipalDto, PrincipalPageDto, ReporterStandingDto, SuspensionDto, WarningDto } from './principal.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/principals')
export class PrincipalsController {
  constructor(private readonly principals: PrincipalsService, private readonly standing: ReporterStandingService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedPrincipalDto })
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreatePrincipalDto) {
    return this.principals.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: PrincipalPageDto, description: 'Active principals, newest first; never their keys.' })
  list(@Query() page: PageQuery) {
    return this.principals.list(page.limit, page.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: its API key stops working at once.' })
  async revoke(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string) {
    await this.principals.revoke(actor, id);
  }

  @Post(':id/warning')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Warn a reporter about manifestly unfounded notices (DSA Art. 23)',
    description: 'Sends the reporter a signed `reporter.warning` callback (when it has a callbackUrl) with the reason and its figures over UNFOUNDED_WINDOW_DAYS; a prior warning is a condition of any suspension. An audit event.',
  })
  @ApiOkResponse({ type: ReporterStandingDto })
  @ApiConflictResponse({ description: 'The principal is not a reporter.' })
  warn(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string, @Body() body: WarningDto) {
    return this.standing.warn(actor, id, body.reason ?? null);
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a warned reporter until a set time (DSA Art. 23)',
    description: 'Only after a prior warning, and only while its share of decided notices marked manifestly unfounded over UNFOUNDED_WINDOW_DAYS is above UNFOUNDED_SHARE_THRESHOLD. '
      + 'Until `until`, its notices are answered 403 with the reason and the end time, and nothing is stored. Takes effect at once; an audit event.',
  })
  @ApiOkResponse({ type: ReporterStandingDto })
  @ApiConflictResponse({ description: 'Not a reporter, never warned, or its manifestly unfounded share is not above the threshold.' })
  suspend(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string, @Body() body: SuspensionDto) {
    return this.standing.suspend(actor, id, { until: new Date(body.until), reason: body.reason });
  }

  @Delete(':id/suspension')
  @HttpCode(204)
  @ApiOperation({ summary: "Lift a reporter's suspension before its end", description: 'Its notices are accepted again at once; an audit event.' })
  @ApiNoContentResponse({ description: 'Lifted.' })
  @ApiConflictResponse({ description: 'The reporter is not suspended.' })
  async lift(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string) {
    await this.standing.lift(actor, id);
  }
}

const notFound = () => ApiError.notFound('principal');
