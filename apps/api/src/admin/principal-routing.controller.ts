import { Body, Controller, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { CurrentPrincipal, Principal, PrincipalRoutingService } from '@docket/principals';
import { PrincipalRoutingDto, PrincipalRoutingInputDto } from './principal-routing.dto';

/** Issue 21, point 2: an admin sets a moderator's languages and skills (admin only: the guard's default). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/principals')
export class PrincipalRoutingController {
  constructor(private readonly routing: PrincipalRoutingService) {}

  @Patch(':id')
  @ApiOperation({
    summary: "Set a moderator's languages and category skills",
    description: 'A claim prefers cases whose post is in one of the languages and whose category is one of the skills, unless the earliest '
      + 'claimable case is due within ROUTING_BREACH_MARGIN_SECONDS (deadline first). A field left out is unchanged. An audit event.',
  })
  @ApiOkResponse({ type: PrincipalRoutingDto })
  update(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('principal') })) id: string,
    @Body() body: PrincipalRoutingInputDto,
  ) {
    return this.routing.update(actor, id, body);
  }
}
