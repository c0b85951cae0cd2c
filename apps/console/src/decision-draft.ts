import type { CaseDetail, DecisionAction, DecisionBody, DecisionGround } from './types';

/** A decision as typed so far: every field kept, including those the chosen action or ground does not send. */
export interface DecisionDraft {
  action: DecisionAction;
  category: string;
  ground: DecisionGround;
  legalGround: string;
  policy: string;
  explanation: string;
  /** Only sent with no_violation: the notice was manifestly unfounded (DSA Art. 23). Absent in drafts kept from before. */
  manifestlyUnfounded?: boolean;
}

export const EXPLANATION_MAX = 2000;

export function newDraft(action: DecisionAction, detail: CaseDetail): DecisionDraft {
  return { action, category: detail.category, ground: 'illegal_content', legalGround: '', policy: '', explanation: '', manifestlyUnfounded: false };
}

/** Only what the action needs: a removal names its category and ground, and the law or the terms clause for that ground. */
export function decisionBody(draft: DecisionDraft): DecisionBody {
  const { action, category, ground, legalGround, policy, explanation } = draft;
  if (action === 'no_violation' && draft.manifestlyUnfounded) return { action, explanation, manifestlyUnfounded: true };
  if (action !== 'remove') return { action, explanation };
  return ground === 'illegal_content'
    ? { action, category, ground, legalGround, explanation }
    : { action, category, ground, policy, explanation };
}

// Kept in memory (never in storage) so a decision typed when the session ended is there again after signing in.
const drafts = new Map<string, DecisionDraft>();

export const savedDraft = (caseId: string) => drafts.get(caseId);
export const saveDraft = (caseId: string, draft: DecisionDraft) => void drafts.set(caseId, draft);
export const dropDraft = (caseId: string) => void drafts.delete(caseId);
/** On sign-out: the next person at this screen must not find someone else's reasons. */
export const dropAllDrafts = () => drafts.clear();
