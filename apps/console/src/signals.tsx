import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import { flagLabel } from './labels';
import { casePath, Link } from './router';
import type { Page, RemovedMatch } from './types';

interface RuleMatch {
  term: string;
  language: string;
}

interface Overruled {
  rule: string;
  term: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const isOverruled = (value: unknown): value is Overruled =>
  typeof value === 'object' && value !== null && typeof (value as Overruled).rule === 'string' && typeof (value as Overruled).term === 'string';

const isRuleMatch = (value: unknown): value is RuleMatch =>
  typeof value === 'object' && value !== null && typeof (value as RuleMatch).term === 'string' && typeof (value as RuleMatch).language === 'string';

/** What triage flagged and why (the rules that matched, the removed posts repeated), so no flag goes unexplained. */
export function SignalsView({ caseId, signals }: { caseId: string; signals: Record<string, unknown> | null }) {
  return (
    <section class="panel" aria-labelledby="signals-title">
      <h2 id="signals-title">Signals</h2>
      {signals === null ? <p>Not triaged yet</p> : <Signals caseId={caseId} signals={signals} />}
    </section>
  );
}

function Signals({ caseId, signals }: { caseId: string; signals: Record<string, unknown> }) {
  const flags = strings(signals.flags);
  const matches = Array.isArray(signals.matches) ? signals.matches.filter(isRuleMatch) : [];
  const removedPosts = strings(signals.matchesRemovedPosts);
  const removedCases = useRemovedCases(caseId, removedPosts.length > 0);
  const overruled = Array.isArray(signals.overruled) ? signals.overruled.filter(isOverruled) : [];
  const score = typeof (signals.model as { score?: unknown } | undefined)?.score === 'number' ? (signals.model as { score: number }).score : null;
  if (flags.length === 0) {
    // A rule that matched but was not confirmed is shown, never hidden: the moderator judges the post anyway.
    return (
      <>
        <p>No flags</p>
        {overruled.length > 0 && (
          <p class="muted overruled">
            A rule matched {overruled.map((o, i) => <span key={o.rule}>{i > 0 ? ', ' : ''}‘{o.term}’ ({o.rule})</span>)}, but the model read the whole
            post and did not confirm it{score === null ? '' : ` (score ${score.toFixed(2)})`}: not flagged.
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <ul class="flags">{flags.map((flag) => <li key={flag} class="flag">{flagLabel(flag)}</li>)}</ul>
      {(matches.length > 0 || removedPosts.length > 0) && (
        <>
          <h3 id="signals-why">Why</h3>
          <ul class="signal-reasons" aria-labelledby="signals-why">
            {matches.map((match) => <li key={`${match.language}:${match.term}`}>rule ‘{match.term}’ ({match.language})</li>)}
            {removedPosts.map((postId) => {
              const removed = removedCases.find((m) => m.postId === postId);
              return <li key={postId}>{removed ? <Link href={casePath(removed.caseId)}>Removed post {postId}</Link> : <>Removed post {postId}</>}</li>;
            })}
          </ul>
        </>
      )}
    </>
  );
}

/** The removed cases behind the fingerprint signal, so each can be opened and compared; none while they load. */
function useRemovedCases(caseId: string, wanted: boolean): RemovedMatch[] {
  const [found, setFound] = useState<RemovedMatch[]>([]);
  useEffect(() => {
    // Without them the posts are still named: the links are a convenience, not worth an alert.
    if (wanted) get<Page<RemovedMatch>>(`/v1/cases/${encodeURIComponent(caseId)}/removed-matches`).then((page) => setFound(page.items), () => {});
  }, [caseId, wanted]);
  return found;
}
