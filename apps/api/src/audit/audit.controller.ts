import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { AuditReader } from '@docket/audit';
import { ApiError } from '@docket/common';
import { APPEAL_EXPORT_COLUMNS, AuditExports, AuditPeriod, CASE_EXPORT_COLUMNS, REPORTER_FIGURES_COLUMNS, toCsv } from '@docket/exports';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import {
  AppealsReportDto, AuditEventPageDto, ReportersReportDto, AuditPeriodQuery, CasesQuery, ChainVerdictDto, EventsQuery, EXPOSURE_COLUMNS, ExposureReportDto, ResponseTimesDto,
  ResponseTimesQuery, StatementsQuery, TableQuery, TransparencyDto, TransparencyQuery,
} from './audit.dto';

interface Reply {
  header(name: string, value: string): unknown;
}

const CSV = 'text/csv; charset=utf-8';
const JSONL = 'application/x-ndjson; charset=utf-8';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly exports: AuditExports, private readonly log: AuditReader) {}

  @Get('response-times')
  // Seniors too: a trust-and-safety lead staffs the queue from its days (the console's Capacity page).
  @Roles('auditor', 'senior')
  @ApiOperation({ summary: 'Response times per category, reporter kind or day, with a total', description: 'Computed in SQL as deadlines.md defines them; percentiles are exact. CSV has one row per group, then `total`. Auditors, seniors and admins.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ResponseTimesDto })
  async responseTimes(@CurrentPrincipal() auditor: Principal, @Query() q: ResponseTimesQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = tableFormat(q, accept);
    const report = await this.exports.responseTimes(auditor, period(q), q.groupBy, format);
    if (format === 'json') return report;
    const flows = q.groupBy === 'day' ? ['inflow', 'closed', 'backlog'] : [];
    const columns = ['key', ...Object.keys(report.total).filter((k) => !flows.includes(k)), ...flows];
    return csv(reply, `response-times-${q.groupBy}`, q, toCsv(columns, [...report.groups, { key: 'total', ...report.total }]));
  }

  @Get('cases')
  @ApiOperation({ summary: 'One row per case first reported in the period: every timestamp and derived figure', description: `Streamed from PostgreSQL; constant memory for any number of rows. Columns: ${CASE_EXPORT_COLUMNS.join(', ')}. In CSV, a post id starting with = + - @ gets a leading apostrophe.` })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'JSON lines, or CSV with a header row.' })
  async cases(@CurrentPrincipal() auditor: Principal, @Query() q: CasesQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply): Promise<Readable> {
    const format = q.format === 'csv' || (q.format === undefined && wantsCsv(accept)) ? 'csv' : 'jsonl';
    const stream = await this.exports.cases(auditor, period(q), format);
    attachment(reply, format === 'csv' ? CSV : JSONL, 'cases', q, format);
    return stream;
  }

  @Get('transparency')
  @ApiOperation({
    summary: 'DSA transparency report: "notices" per statement category and "complaints" (appeals) per basis, each then total, and "reporters"',
    description: 'Median times in hours (reporters: seconds to decision, as GET /v1/audit/reporters). CSV holds one section (`section`, default notices).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: TransparencyDto })
  async transparency(@CurrentPrincipal() auditor: Principal, @Query() q: TransparencyQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = tableFormat(q, accept);
    const { notices, complaints, reporters } = await this.exports.transparency(auditor, period(q), format);
    if (format === 'json') return { from: q.from ?? null, to: q.to ?? null, notices, complaints, reporters } satisfies TransparencyDto;
    if (q.section === 'reporters') return csv(reply, 'transparency-reporters', q, toCsv(REPORTER_FIGURES_COLUMNS, reporters));
    const rows: object[] = q.section === 'complaints' ? complaints : notices;
    return csv(reply, q.section === 'complaints' ? 'transparency-complaints' : 'transparency', q, toCsv(Object.keys(rows[0]), rows));
  }

  @Get('reporters')
  @ApiOperation({
    summary: 'Per reporter: notices filed, upheld share, manifestly unfounded share, median time to decision (DSA Art. 22, 23)',
    description: 'One row per reporter with notices received in the period, most notices first. Shares are of the decided notices (removal or no violation); '
      + 'a notice is manifestly unfounded when its no_violation decision is marked so. Auditors and admins.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportersReportDto })
  async reporters(@CurrentPrincipal() auditor: Principal, @Query() q: TableQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = tableFormat(q, accept);
    const reporters = await this.exports.reporters(auditor, period(q), format);
    if (format === 'json') return { from: q.from ?? null, to: q.to ?? null, reporters } satisfies ReportersReportDto;
    return csv(reply, 'reporters', q, toCsv(REPORTER_FIGURES_COLUMNS, reporters));
  }

  @Get('appeals')
  @ApiOperation({
    summary: 'One row per appeal received in the period, and response times per category',
    description: 'Per appeal: received, decided and restored (the platform\'s confirmation), outcome, appellant kind, category, time to decision and to restoration. '
      + '`times` (JSON only) groups them per category, then total: percentiles, within deadline, breaches. CSV has the rows.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AppealsReportDto })
  async appeals(@CurrentPrincipal() auditor: Principal, @Query() q: TableQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = tableFormat(q, accept);
    const { appeals, times } = await this.exports.appeals(auditor, period(q), format);
    if (format === 'json') return { from: q.from ?? null, to: q.to ?? null, appeals, times } satisfies AppealsReportDto;
    return csv(reply, 'appeals', q, toCsv(APPEAL_EXPORT_COLUMNS, appeals));
  }

  @Get('exposure')
  @ApiOperation({ summary: "Moderators' exposure per UTC day, never per name", description: 'Per day cases were opened (claimed) in the period: moderators who worked, cases opened, violent cases opened, the median and the largest number of violent cases one moderator opened.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ExposureReportDto })
  async exposure(@CurrentPrincipal() auditor: Principal, @Query() q: TableQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const format = tableFormat(q, accept);
    const days = await this.exports.exposure(auditor, period(q), format);
    if (format === 'json') return { from: q.from ?? null, to: q.to ?? null, days } satisfies ExposureReportDto;
    return csv(reply, 'exposure', q, toCsv(EXPOSURE_COLUMNS, days));
  }

  @Get('statements')
  @ApiOperation({ summary: 'One EU DSA statement of reasons per removal, as JSON lines', description: 'Each line is a body for the DSA Transparency Database (POST /api/v1/statement); `puid` is the decision id.' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'JSON lines.' })
  async statements(@CurrentPrincipal() auditor: Principal, @Query() q: StatementsQuery, @Res({ passthrough: true }) reply: Reply): Promise<Readable> {
    const stream = await this.exports.statements(auditor, period(q));
    attachment(reply, JSONL, 'statements', q, 'jsonl');
    return stream;
  }

  @Get('events')
  @ApiOperation({ summary: 'The audit log in chain order, with hashes' })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Query() q: EventsQuery): Promise<AuditEventPageDto> {
    return this.log.page(q.after ?? '0', q.limit);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain of the whole audit log' })
  @ApiOkResponse({ type: ChainVerdictDto })
  verify(): Promise<ChainVerdictDto> {
    return this.log.verify();
  }
}

function period(q: AuditPeriodQuery): AuditPeriod {
  const from = q.from === undefined ? null : new Date(q.from);
  const to = q.to === undefined ? null : new Date(q.to);
  if (from && to && to <= from) throw ApiError.validation([{ path: 'to', message: 'must be after from' }]);
  return { from, to };
}

const wantsCsv = (accept: string | undefined) => accept?.includes('text/csv') ?? false;

function tableFormat(q: TableQuery, accept: string | undefined): 'json' | 'csv' {
  return q.format ?? (wantsCsv(accept) ? 'csv' : 'json');
}

function attachment(reply: Reply, type: string, name: string, q: AuditPeriodQuery, extension: string): void {
  const range = [q.from, q.to].map((d) => d?.replace(/[^0-9A-Za-z-]/g, '') ?? 'all').join('_');
  reply.header('Content-Type', type);
  reply.header('Content-Disposition', `attachment; filename="docket-${name}-${range}.${extension}"`);
}

function csv(reply: Reply, name: string, q: AuditPeriodQuery, body: string): string {
  attachment(reply, CSV, name, q, 'csv');
  return body;
}
