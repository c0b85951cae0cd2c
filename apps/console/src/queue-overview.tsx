import { useEffect, useState } from 'preact/hooks';
import { describeError, get, isSessionEnd } from './api';
import { AppealsLink } from './appeals-screen';
import { CapacityLink, seesCapacity } from './capacity-screen';
import { useInterval, useNow } from './clock';
import { useConsole } from './console-context';
import { useFocusOnMount } from './focus';
import { useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { TIER_LABELS } from './labels';
import { RemovalFailures } from './removal-failures';
import { RestoreFailures } from './restore-failures';
import { SeniorQueue } from './senior-queue';
import { seesBulk } from './bulk';
import { doesSecondReviews, seesDisagreements } from './quality';
import { APPEALS_PATH, BULK_PATH, CAPACITY_PATH, casePath, DISAGREEMENTS_PATH, Link, navigate, SECOND_REVIEWS_PATH } from './router';
import { ScreenLink } from './screen-link';
import { formatClock, formatCountdown, formatDuration } from './time';
import type { HeldLease, QueueOverview, TierFigures } from './types';

const REFRESH_MS = 5_000;

// Seniors see their own tier first: it holds the escalations only they can decide.
const byTierOrder = (a: TierFigures, b: TierFigures) => Number(b.tier === 'senior') - Number(a.tier === 'senior');

export function QueueOverviewScreen() {
  const { principal, claimNext, clearNotices } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [overview, setOverview] = useState<QueueOverview | null>(null);
  const [refreshError, setRefreshError] = useState<string | null>(null);

  const refresh = () => {
    get<QueueOverview>('/v1/queue/overview', { background: true }).then(
      (next) => {
        setOverview(next);
        setRefreshError(null);
      },
      (err) => {
        // Shown quietly beside the figures: a poll every 5 s must not raise an alert each time.
        if (!isSessionEnd(err)) setRefreshError(describeError(err));
      },
    );
  };
  useEffect(refresh, []);
  useInterval(refresh, REFRESH_MS);

  const claim = () => {
    clearNotices();
    void claimNext();
  };
  useShortcuts({
    c: claim,
    a: () => navigate(APPEALS_PATH),
    p: seesCapacity(principal) ? () => navigate(CAPACITY_PATH) : undefined,
    q: doesSecondReviews(principal) ? () => navigate(SECOND_REVIEWS_PATH) : undefined,
    d: seesDisagreements(principal) ? () => navigate(DISAGREEMENTS_PATH) : undefined,
    x: seesBulk(principal) ? () => navigate(BULK_PATH) : undefined,
  });

  return (
    <div class="queue-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Queue</h1>
        <div class="button-row">
          {seesCapacity(principal) && <CapacityLink />}
          {seesBulk(principal) && <ScreenLink href={BULK_PATH} label="Bulk decision" shortcut="x" />}
          {seesDisagreements(principal) && <ScreenLink href={DISAGREEMENTS_PATH} label="Disagreements" shortcut="d" />}
          {doesSecondReviews(principal) && <ScreenLink href={SECOND_REVIEWS_PATH} label="Second reviews" shortcut="q" />}
          <AppealsLink />
          <KeyedButton class="primary claim" label="Claim next case" shortcut="c" onClick={claim} />
        </div>
      </div>
      <div class="panel">
        <table class="figures">
          <caption>Queue by tier</caption>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Queued</th>
              <th scope="col">Oldest</th>
              <th scope="col">Past deadline</th>
              <th scope="col">Due within 1 h</th>
            </tr>
          </thead>
          <tbody>
            {overview && [...overview.tiers].sort(byTierOrder).map((tier) => (
              <tr key={tier.tier}>
                <th scope="row">{TIER_LABELS[tier.tier] ?? tier.tier}</th>
                <td>{tier.queued}</td>
                <td>{tier.queued > 0 && tier.oldestQueuedSeconds !== null ? formatDuration(tier.oldestQueuedSeconds) : '—'}</td>
                <td class={tier.pastDeadline > 0 ? 'late-figure' : undefined}>{tier.pastDeadline}</td>
                <td>{tier.dueWithinHour}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted updated">
          {overview ? `updated ${formatClock(new Date(overview.at))}` : 'Loading…'}
          {refreshError && <span class="refresh-error"> · could not refresh: {refreshError}</span>}
        </p>
      </div>
      <section class="panel" aria-labelledby="my-leases-title">
        <h2 id="my-leases-title">My leases</h2>
        {overview && <MyLeases leases={overview.myLeases} />}
      </section>
      {principal.role !== 'moderator' && <SeniorQueue at={overview?.at ?? null} />}
      {principal.role !== 'moderator' && <RemovalFailures failedCount={overview?.removalFailed ?? null} />}
      {principal.role !== 'moderator' && <RestoreFailures at={overview?.at ?? null} />}
    </div>
  );
}

function MyLeases({ leases }: { leases: HeldLease[] }) {
  const now = useNow(1000);
  if (leases.length === 0) return <p>None</p>;
  return (
    <ul class="lease-list">
      {leases.map((lease) => (
        <li key={lease.caseId}>
          <Link href={casePath(lease.caseId)}>Case {lease.caseId.slice(0, 8)}</Link>
          <span class="muted"> · post {lease.postId} · {TIER_LABELS[lease.tier] ?? lease.tier} · {formatCountdown(Date.parse(lease.dueAt) - now)} · lease {formatDuration((Date.parse(lease.leaseExpiresAt) - now) / 1000)} left</span>
        </li>
      ))}
    </ul>
  );
}
