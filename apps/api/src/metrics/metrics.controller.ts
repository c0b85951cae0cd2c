import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsService } from '@docket/metrics';
import { Public } from '@docket/principals';

const EXAMPLE = `# HELP docket_queue_depth Cases in the review queue that a moderator can claim now (queued, no live lease), per tier.
# TYPE docket_queue_depth gauge
docket_queue_depth{tier="standard"} 12
docket_queue_depth{tier="senior"} 1
`;

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Queue depth, in review and oldest age per tier, cases awaiting enforcement, deadline warnings and breaches, '
      + 'the time-to-removal histogram and BullMQ jobs per queue (read from PostgreSQL and Redis at scrape time, the same from every process), '
      + 'plus this process\'s HTTP request durations. If Redis does not answer, `docket_redis_up` is 0 and the BullMQ series are left out.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4.', schema: { type: 'string', example: EXAMPLE } })
  async scrape(@Res({ passthrough: true }) reply: { header(name: string, value: string): unknown }): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    reply.header('Content-Type', contentType);
    return body;
  }
}
