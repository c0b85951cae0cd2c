import { useEffect, useState } from 'preact/hooks';
import { describeError, get, isSessionEnd } from './api';
import { type AppealsOverview, useClaimNextAppeal } from './appeals';
import { useInterval, useNow } from './clock';
import { useConsole } from './console-context';
import { useFocusOnMount } from './focus';
import { useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { TIER_LABELS } from './labels';
import { RestoreFailures } from './restore-failures';
import { APPEALS_PATH, Link, navigate, QUEUE_PATH } from './router';
import { formatClock, formatCountdown, plural } from './time';
import type { Tier } from './types';

/** The appeals overview, read every intervalMs; null until the first answer. */
function useAppealsOverview(intervalMs: number): [AppealsOverview | null, string | null] {
  const [overview, setOverview] = useState<AppealsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    get<AppealsOverview>('/v1/appeals/overview', { background: true }).then(
      (figures) => {
        setOverview(figures);
        setError(null);
      },
      (err) => {
        // Shown quietly beside the figures: a poll must not raise an alert each time.
        if (!isSessionEnd(err)) setError(describeError(err));
      },
    );
  };
  useEffect(refresh, []);
  useInterval(refresh, intervalMs);
  return [overview, error];
}

const queuedIn = (overview: AppealsOverview) => overview.tiers.reduce((n, t) => n + t.queued, 0);

/** On the queue screen: the way to the appeals (a, or this link), with how many are waiting. */
export function AppealsLink() {
  const [overview] = useAppealsOverview(30_000);
  return (
    <span class="keyed appeals-link">
      <Link href={APPEALS_PATH} keyshortcuts="a">Appeals{overview && ` · ${queuedIn(overview)} queued`}</Link>
      <kbd aria-hidden="true">a</kbd>
    </span>
  );
}

export function AppealsScreen() {
  const { principal, clearNotices } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const claimNextAppeal = useClaimNextAppeal();
  const [overview, error] = useAppealsOverview(5_000);
  const tiers: Tier[] = principal.role === 'moderator' ? ['standard'] : ['senior', 'standard'];

  const claim = () => {
    clearNotices();
    void claimNextAppeal();
  };
  useShortcuts({ c: claim, Escape: () => navigate(QUEUE_PATH) });

  return (
    <div class="queue-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Appeals</h1>
        <KeyedButton class="primary claim" label="Claim next appeal" shortcut="c" onClick={claim} />
      </div>
      <div class="panel">
        <table class="figures">
          <caption>Queued appeals by tier</caption>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Queued</th>
              <th scope="col">In review</th>
              <th scope="col">Past deadline</th>
              <th scope="col">Next deadline</th>
            </tr>
          </thead>
          <tbody>{overview && tiers.map((tier) => <TierRow key={tier} figures={overview.tiers.find((t) => t.tier === tier)!} />)}</tbody>
        </table>
        <p class="muted updated">
          {overview ? `${plural(queuedIn(overview), 'appeal')} queued · updated ${formatClock(new Date(overview.at))}` : 'Loading…'}
          {error && <span class="refresh-error"> · could not refresh: {error}</span>}
        </p>
        <p class="muted">Appeals of your own decisions are never given to you. <Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd></p>
      </div>
      {principal.role !== 'moderator' && <RestoreFailures at={overview?.at ?? null} />}
    </div>
  );
}

function TierRow({ figures }: { figures: AppealsOverview['tiers'][number] }) {
  const now = useNow(1000);
  const next = figures.nextDueAt === null ? null : Date.parse(figures.nextDueAt);
  return (
    <tr>
      <th scope="row">{TIER_LABELS[figures.tier]}</th>
      <td>{figures.queued}</td>
      <td>{figures.inReview}</td>
      <td class={figures.pastDeadline > 0 ? 'late-figure' : undefined}>{figures.pastDeadline}</td>
      <td>{next === null ? '—' : formatCountdown(next - now)}</td>
    </tr>
  );
}
