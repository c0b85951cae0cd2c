import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ApiError } from './api-error';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (nextCursor).' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a cursor we issued; anything else is the client's mistake. */
export function decodeCursor<T extends Record<string, unknown>>(cursor: string | undefined, keys: (keyof T)[]): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && keys.every((k) => typeof value[k] === 'string')) return value as T;
  } catch {
    // fall through to the error below
  }
  throw ApiError.validation([{ path: 'cursor', message: 'is not a cursor this API issued' }]);
}

/** Fetch limit + 1 rows; the extra one says whether there is a next page. */
export function toPage<R, T>(fetched: R[], limit: number, map: (row: R) => T, position: (row: R) => Record<string, unknown>): Page<T> {
  const items = fetched.slice(0, limit);
  const more = fetched.length > limit;
  return { items: items.map(map), nextCursor: more ? encodeCursor(position(items[items.length - 1])) : null };
}
