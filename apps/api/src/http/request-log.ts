import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';

// /metrics is not served here (it has a listener of its own, libs/metrics): a request for it is logged like any 404.
const UNLOGGED = new Set(['/health']);

interface HookRequest {
  raw: IncomingMessage;
}

interface HookReply {
  raw: ServerResponse;
  statusCode: number;
  /** Milliseconds since Fastify received the request. */
  elapsedTime: number;
}

/**
 * One line per answered request, as pino-http wrote it (`req`, `res`, `responseTime`, "request completed"):
 * 5xx at error, the rest at info, health checks not at all. Nothing is serialised unless the line
 * is written; `req` goes through the logger's request serializer (requestForLog), which redacts.
 */
export function logRequests(app: NestFastifyApplication): void {
  const logger = PinoLogger.root;
  app.getHttpAdapter().getInstance().addHook('onResponse', async (request: HookRequest, reply: HookReply) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level) || UNLOGGED.has((request.raw.url ?? '').split('?')[0])) return;
    logger[level]({ req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  });
}
