import { ACTION_LABELS, GROUND_LABELS } from './labels';
import type { Decision } from './types';

type DecisionFacts = Pick<Decision, 'action' | 'ground' | 'legalGround' | 'policy' | 'explanation'> & { manifestlyUnfounded?: boolean };

/** "Remove (Illegal content, StGB §111): the statement of reasons". */
export function DecisionSummary({ decision }: { decision: DecisionFacts }) {
  const { action, ground, legalGround, policy, explanation } = decision;
  const basis = [ground && (GROUND_LABELS[ground] ?? ground), legalGround ?? policy].filter(Boolean).join(', ');
  return (
    <p class="decision-summary">
      <strong>{ACTION_LABELS[action] ?? action}</strong>
      {basis && ` (${basis})`}: {explanation}
      {decision.manifestlyUnfounded && <span class="unfounded-tag">Notice manifestly unfounded (DSA Art. 23)</span>}
    </p>
  );
}
