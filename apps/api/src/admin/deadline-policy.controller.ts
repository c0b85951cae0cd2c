import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadlinePolicyService } from '@docket/deadlines';
import { CurrentPrincipal, Principal } from '@docket/principals';
import { DeadlinePolicyDto } from './deadline-policy.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/deadline-policy')
export class DeadlinePolicyController {
  constructor(private readonly policies: DeadlinePolicyService) {}

  @Get()
  @ApiOkResponse({ type: DeadlinePolicyDto })
  current() {
    return this.policies.current();
  }

  @Put()
  @ApiOperation({ summary: 'Replace the policy', description: 'Applies to reports received from now on; open cases keep their deadlines.' })
  @ApiOkResponse({ type: DeadlinePolicyDto })
  @ApiBadRequestResponse({ description: '`errors` names the bad rule, e.g. `rules[2].when.categories[0]`.' })
  replace(@CurrentPrincipal() admin: Principal, @Body() body: DeadlinePolicyDto) {
    return this.policies.replace(admin, body);
  }
}
