// Human labels for the API's enum values. DSA labels come from the vendored transparency-database enums so the
// console names categories exactly as the statements of reasons do.
import { category, category_specification } from '../../../third_party/dsa-transparency-database_MIT/sor_enums.json';
import type { CaseState, DecisionAction, DecisionGround, Tier } from './types';

const CATEGORY_LABELS: Record<string, string> = category;
const SPECIFICATION_LABELS: Record<string, string> = category_specification;

export const CATEGORY_KEYS = Object.keys(CATEGORY_LABELS);

// Unknown values are shown as they are: a new enum value on the server must not blank the screen.
export const categoryLabel = (key: string) => CATEGORY_LABELS[key] ?? key;
export const specificationLabel = (key: string) => SPECIFICATION_LABELS[key] ?? key;

export const STATE_LABELS: Record<CaseState, string> = {
  received: 'Received',
  queued: 'Queued',
  in_review: 'In review',
  escalated: 'Escalated',
  removing: 'Removing',
  removed: 'Removed',
  no_violation: 'No violation',
  removal_failed: 'Removal failed',
};

export const ACTION_LABELS: Record<DecisionAction, string> = { remove: 'Remove', no_violation: 'No violation', escalate: 'Escalate' };

export const GROUND_LABELS: Record<DecisionGround, string> = { illegal_content: 'Illegal content', incompatible_content: 'Incompatible with terms' };

export const TIER_LABELS: Record<Tier, string> = { standard: 'Standard', senior: 'Senior' };

export const SOURCE_LABELS: Record<string, string> = { notice: 'Notice', own_initiative: 'Own initiative' };

const REPORTER_KIND_LABELS: Record<string, string> = {
  hosting_provider: 'Hosting provider',
  trusted_flagger: 'Trusted flagger',
  authority: 'Authority',
  user: 'User',
};
export const reporterKindLabel = (kind: string) => REPORTER_KIND_LABELS[kind] ?? kind;

const FLAG_LABELS: Record<string, string> = { incitement: 'Incitement to violence', matches_removed: 'Matches a removed post' };
export const flagLabel = (flag: string) => FLAG_LABELS[flag] ?? flag;
