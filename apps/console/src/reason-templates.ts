import type { DecisionDraft } from './decision-draft';
import { categoryLabel } from './labels';
import type { CaseDetail, DecisionAction, ReasonTemplate } from './types';

/** Number keys 1–9 pick among these, in the API's position order. */
export const templatesFor = (templates: ReasonTemplate[], action: DecisionAction) => templates.filter((t) => t.action === action);

/**
 * Fills the draft from a template: the category, ground, law and clause it names (others keep what was typed), and
 * its text with the placeholders replaced by this case's values. An unknown placeholder is left visible, for the
 * moderator to notice and correct rather than silently dropped.
 */
export function fillFromTemplate(template: ReasonTemplate, draft: DecisionDraft, detail: CaseDetail): DecisionDraft {
  const filled: DecisionDraft = {
    ...draft,
    category: template.category ?? draft.category,
    ground: template.ground ?? draft.ground,
    legalGround: template.legalGround ?? draft.legalGround,
    policy: template.policy ?? draft.policy,
  };
  const values: Record<string, string> = {
    postId: detail.post.id,
    category: categoryLabel(filled.category),
    language: detail.post.language ?? 'unknown',
    reportCount: String(detail.reportCount),
    legalGround: filled.legalGround,
    policy: filled.policy,
  };
  return { ...filled, explanation: template.text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder) };
}
