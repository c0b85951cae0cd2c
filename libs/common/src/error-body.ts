import { STATUS_CODES } from 'node:http';
import type { FieldError } from './api-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
}

export function errorBody(statusCode: number, message: string, errors?: FieldError[]): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (errors && errors.length > 0) body.errors = errors;
  return body;
}
