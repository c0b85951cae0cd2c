import { createHash } from 'node:crypto';
import type { Principal } from '@docket/principals';
import type { CaseStatus } from '@docket/cases';

export interface PostSnapshot {
  id: string;
  url?: string;
  authorId?: string;
  text?: string;
  language?: string;
  mediaUrls?: string[];
  postedAt?: string;
}

/** One notice as validated at the edge, whatever format it came in. */
export interface Notice {
  post: PostSnapshot;
  category: string;
  specification?: string[];
  description?: string;
  evidenceUrls?: string[];
  externalRef?: string;
  reportedAt?: string;
  sourceFormat?: 'api' | 'xarf';
  /** Kept verbatim on the report, e.g. X-ARF's original category and type. */
  sourceDetails?: Record<string, unknown>;
}

export interface IntakeItem {
  reporter: Principal;
  notice: Notice;
  idempotencyKey?: string;
}

export interface Receipt {
  id: string;
  caseId: string;
  status: CaseStatus;
  receivedAt: string;
  dueAt: string;
}

/** `replayed`: the same key and body were accepted before; this is that receipt again. */
export type IntakeResult =
  | { kind: 'accepted'; receipt: Receipt; replayed: boolean }
  | { kind: 'key_reused'; message: string };

/** sha256 of the notice with keys sorted, so a retry with reordered fields is still the same request. */
export function requestHash(notice: Notice): string {
  return canonicalHash(notice);
}

/** sha256 of any JSON value with object keys sorted. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
