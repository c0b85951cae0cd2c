import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@docket/principals';
import { HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'Every dependency is up.', schema: { example: { status: 'ok', checks: { database: 'up', redis: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `checks` names it.', schema: { example: { status: 'error', checks: { database: 'up', redis: 'down' } } } })
  async check(@Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    const result = await this.health.check();
    reply.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
