import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiError, ErrorBody, errorBody } from '@docket/common';
import { isDatabaseUnavailable } from './database-errors';

/**
 * Every error a client sees has the contract's shape. Deliberate errors carry
 * their own message; anything else is logged with the request id and answered
 * without internals.
 */
@Catch()
export class ContractExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const request = host.switchToHttp().getRequest();
    const { body, headers } = this.toBody(exception, request?.id);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    reply.status(body.statusCode).send(body);
  }

  toBody(exception: unknown, requestId?: string): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof ApiError) {
      return { body: errorBody(exception.getStatus(), exception.message, exception.errors), headers: exception.headers ?? {} };
    }
    const cause = (exception as { cause?: { code?: unknown } })?.cause;
    if (exception instanceof HttpException && typeof cause?.code === 'string' && cause.code.startsWith('FST_')) {
      return { body: errorBody(exception.getStatus(), fastifyMessage(cause as Error & { code: string })), headers: {} };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
      return { body: errorBody(exception.getStatus(), Array.isArray(message) ? message.join('; ') : message), headers: {} };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { body: errorBody(fastifyStatus, fastifyMessage(exception as Error & { code?: string })), headers: {} };
    }
    if (isDatabaseUnavailable(exception)) {
      this.log.warn({ requestId, err: withoutParameters(exception) }, 'database unavailable');
      return { body: errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unavailable; retry later'), headers: { 'Retry-After': '5' } };
    }
    this.log.error({ requestId, err: withoutParameters(exception) }, 'unexpected error');
    return { body: errorBody(HttpStatus.INTERNAL_SERVER_ERROR, `internal error (request ${requestId ?? 'unknown'})`), headers: {} };
  }
}

/** A failed query's bind values may be secrets (a new principal's key hash and callback secret): log the query, not them. */
function withoutParameters(err: unknown): unknown {
  if (!err || typeof err !== 'object' || !('parameters' in err)) return err;
  const { parameters: _parameters, driverError: _driverError, ...rest } = err as Record<string, unknown>;
  const e = err as unknown as Error & { code?: unknown };
  return { ...rest, type: e.name, message: e.message, stack: e.stack, code: e.code };
}

/** Fastify's own errors (body parsing, limits) in words for the API user. */
function fastifyMessage(err: Error & { code?: string }): string {
  switch (err.code) {
    case 'FST_ERR_BAD_URL':
      return 'the URL is not valid (a percent-escape is malformed)';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'a path parameter of the URL is too long';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is larger than 1 MiB';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'content type must be application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'request body is empty; a JSON document is required';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'request body is not valid JSON';
    default:
      return err instanceof SyntaxError ? 'request body is not valid JSON' : err.message;
  }
}
