import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  path: string;
  message: string;
}

/** An error meant for the API user: a status, a message, and the bad fields by path. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message, status);
  }

  static validation(errors: FieldError[]): ApiError {
    const message = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return new ApiError(HttpStatus.BAD_REQUEST, message || 'invalid request', errors);
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message);
  }

  static unprocessable(message: string, errors?: FieldError[]): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, message, errors);
  }

  static forbidden(message = 'this API key may not call this route'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, message);
  }
}
