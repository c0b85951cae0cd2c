import { ApiError } from '@docket/common';

/** The `Idempotency-Key` header of a filing route (notices, appeals): absent, or 1 to 128 characters. */
export function idempotencyKey(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || header.length < 1 || header.length > 128) {
    throw ApiError.validation([{ path: 'Idempotency-Key', message: 'must be 1 to 128 characters' }]);
  }
  return header;
}
