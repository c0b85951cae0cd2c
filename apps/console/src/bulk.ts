// Bulk decisions (issue 21, decision 0036) as the console exchanges them with the API (apps/api/src/bulk/bulk.dto.ts).
import type { DecisionGround, Principal } from './types';

export type BulkAction = 'remove' | 'no_violation';
export type BulkStatus = 'previewed' | 'applying' | 'pending' | 'done' | 'cancelled';
export type ExclusionReason = 'not_found' | 'not_yet_triaged' | 'leased_by_someone_else' | 'already_decided' | 'already_closed' | 'different_fingerprint';

/** One way of selecting: ids (optionally narrowed to a case's text), a case's text, or a reporter's notices in [from, to). */
export interface BulkSelection {
  caseIds?: string[];
  fingerprintOfCase?: string;
  reporterId?: string;
  from?: string;
  to?: string;
  category?: string;
}

export interface BulkDecisionInput {
  action: BulkAction;
  category?: string;
  ground?: DecisionGround;
  legalGround?: string;
  policy?: string;
  explanation: string;
}

export interface BulkPreview {
  token: string;
  expiresAt: string;
  eligible: number;
  /** The first 20 eligible cases. */
  sample: { caseId: string; postId: string; postText: string | null; category: string; dueAt: string }[];
  excluded: { caseId: string; why: ExclusionReason | string }[];
}

export interface BulkView {
  id: string;
  status: BulkStatus;
  action: BulkAction;
  decision: { action: BulkAction; ground: DecisionGround | null; legalGround: string | null; policy: string | null; category: string | null; explanation: string };
  selection: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  eligible: number;
  decided: number;
  skipped: number;
  cancelled: number;
  removing: number;
  removed: number;
  failed: number;
  appliedAt: string | null;
  cancellableUntil: string | null;
  cancelledAt: string | null;
}

/** The most cases one bulk decision may select. */
export const BULK_MAX = 1000;

/** Only seniors decide in bulk. */
export const seesBulk = (principal: Principal) => principal.role === 'senior';

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  not_found: 'No such case',
  not_yet_triaged: 'Not triaged yet',
  leased_by_someone_else: 'Someone is reviewing it',
  already_decided: 'Already decided',
  already_closed: 'Already closed',
  different_fingerprint: 'Different text',
};
export const exclusionLabel = (why: string) => EXCLUSION_LABELS[why as ExclusionReason] ?? why;

export const BULK_STATUS_LABELS: Record<BulkStatus, string> = {
  previewed: 'Previewed',
  applying: 'Being applied',
  pending: 'Decided — removal orders held',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** Ids pasted in any shape: one per line, or separated by spaces, commas or semicolons; duplicates dropped. */
export function parseCaseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((id) => id.trim()).filter(Boolean))];
}

// The preview's answer (202) is the bulk as applied; handing it to the progress screen saves a first fetch.
let applied: BulkView | null = null;

export function handOver(view: BulkView): void {
  applied = view;
}

export function takeApplied(bulkId: string): BulkView | null {
  if (applied?.id !== bulkId) return null;
  const view = applied;
  applied = null;
  return view;
}
