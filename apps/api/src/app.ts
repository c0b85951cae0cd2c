import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyServerOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { ContractValidationPipe } from '@docket/common';
import { ApiModule } from './api.module';
import { ContractExceptionFilter } from './http/exception.filter';
import { observeHttpDurations } from './metrics/http-metrics.hook';
import { logRequests } from './http/request-log';
import { useJsonBodyParser } from './http/json-body';
import { serveConsole } from './console/console-assets';

export const BODY_LIMIT = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const contractErrors = new ContractExceptionFilter();

/**
 * What helmet (defaults, no CSP: docket serves JSON) sends, set as constants on every response: helmet's
 * middleware worked them out again per request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
});

/**
 * Each request gets an id (the caller's X-Request-Id if sane). It is set on the
 * raw request here, before any hook, so the logger and the jobs it leads to see it.
 */
function requestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  (raw as { id?: unknown }).id = id;
  return id;
}

/**
 * Fastify as Nest sets it up, less the parsers of text/plain (Fastify's) and
 * application/x-www-form-urlencoded (Nest's): docket's bodies are JSON, and
 * anything else is a 415 rather than a string or a flat form that validation
 * would take for a body (a form-encoded claim or decision went through).
 */
class JsonOnlyFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    const first = !this.isParserRegistered;
    super.registerParserMiddleware(prefix, rawBody);
    if (!first) return;
    this.getInstance().removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
    useJsonBodyParser(this.getInstance());
  }
}

export function fastifyAdapter(trustProxy = false): FastifyAdapter {
  const options: FastifyServerOptions = {
    trustProxy,
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    // The router refuses a malformed URL (400) or an over-long path parameter (414) before any hook or
    // filter runs, and Fastify's own answer has another shape: the contract's is given here.
    frameworkErrors: (error, request, reply) => {
      const { body } = contractErrors.toBody(error, request.id);
      // Fastify types a reply by its route's schema; this one has no route.
      const untyped = reply as unknown as { code(status: number): { header(name: string, value: string): { send(payload: unknown): unknown } } };
      untyped.code(body.statusCode).header('X-Request-Id', request.id).send(body);
    },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Nest's logger (pino) logs requests; Fastify's own would log them twice.
    logger: false,
  };
  return new JsonOnlyFastifyAdapter(options);
}

export async function createApiApp(trustProxy: boolean): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, fastifyAdapter(trustProxy), { bufferLogs: true });
  await configureApiApp(app);
  return app;
}

/** Everything production sets on the app besides its modules; tests call this too. */
export async function configureApiApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  // Only the signals that mean "stop": Nest's default list includes SIGUSR2 and SIGHUP, which profilers and
  // terminals send without meaning it.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  // Nest hands Fastify's own errors (body too large, bad JSON) to this filter too.
  app.useGlobalFilters(new ContractExceptionFilter());
  app.useGlobalPipes(new ContractValidationPipe());

  app.getHttpAdapter().getInstance().addHook('onRequest', async (req: { id: string }, reply: { headers(values: Record<string, string>): void }) => {
    reply.headers(SECURITY_HEADERS);
    reply.headers({ 'X-Request-Id': req.id });
  });
  observeHttpDurations(app);
  logRequests(app);
  serveConsole(app);
  setupOpenApi(app);
}

function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('docket')
    .setDescription('Trust-and-safety moderation queue: notices in, confirmed removals out, every minute measured.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
