import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags,
  ApiForbiddenResponse, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiError, Clock } from '@docket/common';
import { CurrentPrincipal, Principal, Roles, suspensionAt } from '@docket/principals';
import { RateLimited } from '@docket/ratelimit';
import { IntakeBatcher, IntakeResult, IntakeService, Notice, PostIdentityService, ReportsService, canonicalHash } from '@docket/reports';
import { mapXarfReport, validateXarf, xarfLimitErrors } from '@docket/xarf';
import {
  BatchReceiptDto, ReceiptDto, ReportBatchDto, ReportDto, ReportListQuery, ReportPageDto, ReportViewDto,
} from './report.dto';
import { idempotencyKey } from '../http/idempotency-key';

interface Reply {
  status(code: number): unknown;
}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key', required: false, description: 'Same key and body from the same reporter: the same receipt again (200).',
};

const SUSPENDED = {
  description: 'Not a reporter key, or the reporter is suspended (DSA Art. 23): the message gives the reason and the end time; nothing is stored.',
};

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly batcher: IntakeBatcher,
    private readonly intake: IntakeService,
    private readonly reports: ReportsService,
    private readonly identities: PostIdentityService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('reporter')
  @RateLimited()
  @ApiForbiddenResponse(SUSPENDED)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'File one notice' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ReceiptDto, description: 'Accepted and stored; status 200 when this is a replay of the same key and body.' })
  @ApiBadRequestResponse({ description: 'Invalid: `errors` names every bad field.' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used before with a different body.' })
  async file(@CurrentPrincipal() reporter: Principal, @Body() body: ReportDto, @Headers('idempotency-key') key: unknown, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.batcher.submit({ reporter: this.filer(reporter), notice: toNotice(body), idempotencyKey: idempotencyKey(key) });
    return answer([result], reply)[0];
  }

  @Post('batch')
  @Roles('reporter')
  @RateLimited()
  @ApiForbiddenResponse(SUSPENDED)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'File 1 to 500 notices, all or nothing' })
  @ApiHeader({ ...IDEMPOTENCY_HEADER, description: 'Applies to the batch: item i is keyed "<key>#<i>".' })
  @ApiAcceptedResponse({ type: BatchReceiptDto })
  @ApiBadRequestResponse({ description: 'Any bad item: every bad path is listed and nothing is stored.' })
  async fileBatch(@CurrentPrincipal() reporter: Principal, @Body() body: ReportBatchDto, @Headers('idempotency-key') key: unknown, @Res({ passthrough: true }) reply: Reply) {
    const batchKey = idempotencyKey(key);
    const who = this.filer(reporter);
    const results = await this.intake.accept(
      body.reports.map((report, i) => ({ reporter: who, notice: toNotice(report), idempotencyKey: batchKey && `${batchKey}#${i}` })),
    );
    return { items: answer(results, reply) };
  }

  @Post('xarf')
  @Roles('reporter')
  @RateLimited()
  @ApiForbiddenResponse(SUSPENDED)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'File one X-ARF v4 report', description: 'Validated against the official X-ARF v4 schemas; `report_id` is the idempotency key.' })
  @ApiBody({ schema: { type: 'object', description: 'An X-ARF v4 report (https://xarf.org).' } })
  @ApiAcceptedResponse({ type: ReceiptDto })
  @ApiBadRequestResponse({ description: 'Not a valid X-ARF v4 report: `errors` names the failing paths.' })
  @ApiUnprocessableEntityResponse({ description: 'A valid report that names no content URL on the platform (network abuse, p2p, …).' })
  async fileXarf(@CurrentPrincipal() reporter: Principal, @Body() body: unknown, @Res({ passthrough: true }) reply: Reply) {
    const who = this.filer(reporter);
    const validated = validateXarf(body);
    const errors = validated.ok ? xarfLimitErrors(validated.report, new Date()) : validated.errors;
    if (!validated.ok || errors.length > 0) throw ApiError.validation(errors.map((e) => ({ path: e.path || '(body)', message: e.message })));
    const mapped = mapXarfReport(validated.report);
    if (!mapped.supported) throw ApiError.unprocessable(mapped.reason);
    const notice: Notice = {
      post: { id: await this.identities.postIdForUrl(mapped.postUrl), url: mapped.postUrl },
      category: mapped.category,
      description: mapped.description,
      evidenceUrls: mapped.evidenceUrls,
      externalRef: mapped.externalRef,
      reportedAt: mapped.reportedAt,
      sourceFormat: 'xarf',
      // The whole document's hash makes a changed report under the same report_id a different request (422).
      sourceDetails: { xarfCategory: mapped.xarfCategory, xarfType: mapped.xarfType, reportId: mapped.externalRef, documentSha256: canonicalHash(body) },
    };
    const result = await this.batcher.submit({ reporter: who, notice, idempotencyKey: `xarf:${mapped.externalRef}` });
    return answer([result], reply)[0];
  }

  /**
   * Reports are filed by reporter principals: their kind sets the deadline. A suspended reporter (DSA Art. 23) is
   * refused here, before anything is read or stored.
   */
  private filer(p: Principal): Principal {
    if (p.role !== 'reporter' || !p.id || !p.kind) throw ApiError.forbidden('filing reports needs a reporter API key (a principal with a kind)');
    const suspension = suspensionAt(p, this.clock.now());
    if (suspension) throw ApiError.forbidden(`this reporter is suspended until ${suspension.until.toISOString()} (DSA Art. 23): ${suspension.reason}`);
    return p;
  }

  @Get(':id')
  @Roles('reporter', 'moderator', 'senior', 'auditor')
  @ApiOkResponse({ type: ReportViewDto })
  get(@CurrentPrincipal() reader: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('report') })) id: string) {
    return this.reports.get(reader, id);
  }

  @Get()
  @Roles('reporter', 'moderator', 'senior', 'auditor')
  @ApiOkResponse({ type: ReportPageDto, description: "Newest first. A reporter sees its own reports; wider roles see all." })
  list(@CurrentPrincipal() reader: Principal, @Query() q: ReportListQuery) {
    return this.reports.list(reader, {
      status: q.status, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: q.limit, cursor: q.cursor,
    });
  }
}



function toNotice(dto: ReportDto): Notice {
  // Plain data only: the request hash must not depend on class instances.
  return JSON.parse(JSON.stringify({ ...dto, sourceFormat: 'api' })) as Notice;
}

/** 202 for anything new; 200 when every receipt is a replay; 422 when a key was reused with another body. */
function answer(results: IntakeResult[], reply: Reply) {
  const reused = results.find((r) => r.kind === 'key_reused');
  if (reused && reused.kind === 'key_reused') throw ApiError.unprocessable(reused.message);
  const accepted = results as Extract<IntakeResult, { kind: 'accepted' }>[];
  if (accepted.every((r) => r.replayed)) reply.status(HttpStatus.OK);
  return accepted.map((r) => r.receipt);
}
