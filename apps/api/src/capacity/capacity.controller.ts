import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, SESSION_COOKIE } from '@docket/principals';
import { CapacityStatus } from '@docket/staffing';
import { CapacityDto } from './capacity.dto';

/** The live capacity alarm's state, for the console's Capacity page (docs/staffing.md, docs/console.md). */
@ApiTags('staffing')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
@Controller('v1/capacity')
export class CapacityController {
  constructor(private readonly status: CapacityStatus) {}

  @Get()
  @Roles('senior')
  @ApiOperation({
    summary: 'The live capacity alarm: raised or not, moderators needed and active, the deadlines at risk',
    description: 'The latest projection the worker stored (every CAPACITY_INTERVAL_MS; docs/staffing.md), as the capacity.* alerts and the docket_capacity_* gauges report it.',
  })
  @ApiOkResponse({ type: CapacityDto })
  read(): Promise<CapacityDto> {
    return this.status.read();
  }
}
