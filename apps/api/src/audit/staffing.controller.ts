import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { toCsv } from '@docket/exports';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { MIN_DECISIONS, STAFFING_COLUMNS, StaffingReports, staffingCsvRecords } from '@docket/staffing';
import { StaffingQuery, StaffingReportDto } from './staffing.dto';

interface Reply {
  header(name: string, value: string): unknown;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class StaffingController {
  constructor(private readonly reports: StaffingReports) {}

  @Get('staffing')
  @Roles('auditor', 'senior')
  @ApiOperation({
    summary: 'How many moderators keep the deadlines: the period replayed with 1, 2, … moderators',
    description: 'The cases first reported in [from, to) replayed through docket\'s queue simulator (docs/staffing.md) with the handling times recorded '
      + '(claim to decision), in docket\'s claim order and oldest first (fifo), with the period\'s seniors on the senior tier. '
      + `Needs at least ${MIN_DECISIONS} recorded decisions (422 otherwise) and a case in the period (400 otherwise). CSV has one row per number of moderators.`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StaffingReportDto, description: 'JSON as below, or CSV: a header row, then one row per number of moderators (the rows\' fields, fifo ones prefixed).' })
  @ApiBadRequestResponse({ description: 'A bad `from`, `to`, `target` or `format`, or a period with no case.' })
  @ApiUnprocessableEntityResponse({ description: `Too little history: fewer than ${MIN_DECISIONS} decisions with a measured handling time; the message says how many more are needed.` })
  async staffing(@CurrentPrincipal() reader: Principal, @Query() q: StaffingQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = q.format ?? (accept?.includes('text/csv') ? 'csv' : 'json');
    const from = q.from === undefined ? null : new Date(q.from);
    const to = q.to === undefined ? null : new Date(q.to);
    if (from && to && to <= from) throw ApiError.validation([{ path: 'to', message: 'must be after from' }]);
    const report = await this.reports.report(reader, { from, to }, q.target, format);
    if (format === 'json') return report satisfies StaffingReportDto;
    const range = [q.from, q.to].map((d) => d?.replace(/[^0-9A-Za-z-]/g, '') ?? 'all').join('_');
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="docket-staffing-${range}.csv"`);
    return toCsv(STAFFING_COLUMNS, staffingCsvRecords(report));
  }
}
