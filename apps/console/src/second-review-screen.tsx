import { useRef, useState } from 'preact/hooks';
import { call } from './api';
import { LeaseTimer } from './case-timers';
import { useConsole } from './console-context';
import { useFocusOnMount } from './focus';
import { type Shortcuts, useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { categoryLabel, SOURCE_LABELS } from './labels';
import { useLease } from './lease';
import { PostView } from './post-view';
import {
  type SecondReviewAction, type SecondReviewAssignment, type SecondReviewOutcome, claimSecondReview, SECOND_REVIEW_ACTION_LABELS,
} from './quality';
import { ChoicePanel, useReasonedChoice } from './reasoned-choice';
import { reportElementId, ReportsList } from './reports-list';
import { Link, navigate, QUEUE_PATH } from './router';
import { SignalsView } from './signals';

const EMPTY = 'No second review to claim for you right now.';
const ACTION_KEYS: Record<SecondReviewAction, string> = { remove: 'r', no_violation: 'n' };
const actionButtonId = (action: SecondReviewAction) => `second-${action}`;
const REASON_ID = 'second-review-reason';
const shortId = (id: string) => id.slice(0, 8);

// What the reviewer learns once their answer is in (never before: the review is blind).
const RECORDED: Record<SecondReviewOutcome['status'], string> = {
  agreed: 'Second review recorded — the same as the first decision',
  disagreed: 'Second review recorded — it differs from the first decision and goes to a senior',
};

/**
 * Second reviews: claim (c) the oldest sampled decision someone else made, read the case blind (post, reports,
 * signals; never the first decision, its state or its notes), answer remove or no violation with reasons, and the
 * next one is claimed. Esc gives the one on screen back; Esc again returns to the queue.
 */
export function SecondReviewsScreen() {
  const { clearNotices, announce, reportError } = useConsole();
  const [review, setReview] = useState<SecondReviewAssignment | null>(null);
  const [checked, setChecked] = useState(false);
  const claiming = useRef(false);

  const claimNext = async () => {
    // One claim at a time: a double press of c must not lease two.
    if (claiming.current) return;
    claiming.current = true;
    try {
      const claimed = await claimSecondReview();
      if (!claimed) announce(EMPTY);
      setReview(claimed);
      setChecked(true);
    } catch (err) {
      reportError(err);
    } finally {
      claiming.current = false;
    }
  };

  const claim = () => {
    clearNotices();
    void claimNext();
  };

  return review ? (
    <SecondReviewWorkspace key={review.id} review={review} onNext={claimNext} onLeft={() => setReview(null)} />
  ) : (
    <SecondReviewsIdle onClaim={claim} checked={checked} />
  );
}

function SecondReviewsIdle({ onClaim, checked }: { onClaim: () => void; checked: boolean }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  useShortcuts({ c: onClaim, Escape: () => navigate(QUEUE_PATH) });
  return (
    <div class="queue-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Second reviews</h1>
        <KeyedButton class="primary claim" label="Claim next second review" shortcut="c" onClick={onClaim} />
      </div>
      <div class="panel">
        <p>
          A sample of decisions is reviewed a second time by another moderator. You see the case as it was decided — the post,
          its reports and signals — but <strong>not the first decision</strong>: decide it as if it were yours.
        </p>
        <p class="muted">
          {checked ? 'None is waiting for you at the moment. ' : ''}Your own decisions are never given to you.{' '}
          <Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd>
        </p>
      </div>
    </div>
  );
}

interface WorkspaceProps {
  review: SecondReviewAssignment;
  onNext: () => Promise<void>;
  /** Back to the claim screen (released, or the lease gone). */
  onLeft: () => void;
}

function SecondReviewWorkspace({ review, onNext, onLeft }: WorkspaceProps) {
  const { preferences, alert } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [revealed, setRevealed] = useState(false);
  const [selectedReport, setSelectedReport] = useState(-1);
  const blind = review.case;
  const blurApplies = blind.violent && preferences.blurViolent;

  // Renewed while the moderator works, given back when idle past its end, when the screen goes away or the page is left.
  const leaseExpiresAt = useLease(review.id, review.leaseExpiresAt, {
    onIdle: () => {
      alert('The second review was given back: no activity until its lease ran out.');
      onLeft();
    },
    onLost: (message) => {
      alert(`The second review is no longer yours: ${message}.`);
      onLeft();
    },
  }, '/v1/second-reviews');

  const choice = useReasonedChoice<SecondReviewAction>({
    buttonId: actionButtonId,
    record: async (chosen, why) => {
      const outcome = await call<SecondReviewOutcome>('POST', `/v1/second-reviews/${review.id}/decision`, { action: chosen, reason: why });
      return outcome ? RECORDED[outcome.status] : 'Second review recorded';
    },
    notRecorded: 'The second review was not recorded',
    released: 'Second review released',
    onNext,
    onLeft,
  });

  const moveReport = (step: number) => {
    const count = blind.reports.length;
    if (count === 0) return;
    const next = Math.min(Math.max(selectedReport + step, 0), count - 1);
    setSelectedReport(next);
    document.getElementById(reportElementId(next))?.focus();
  };

  const shortcuts: Shortcuts = {
    r: choice.busy ? undefined : () => choice.openForm('remove'),
    n: choice.busy ? undefined : () => choice.openForm('no_violation'),
    j: () => moveReport(1),
    k: () => moveReport(-1),
    b: blurApplies ? () => setRevealed((r) => !r) : undefined,
    Escape: choice.choice ? choice.closeForm : choice.release,
  };
  useShortcuts(shortcuts);

  return (
    <div class="case-screen">
      <div class="case-title">
        <h1 tabIndex={-1} ref={heading}>Second review {shortId(review.id)}</h1>
        <p class="case-facts">
          <strong>{categoryLabel(blind.category)}</strong>
          <span>{SOURCE_LABELS[blind.source] ?? blind.source}</span>
          <span class="blind-tag">Blind: the first decision is hidden</span>
        </p>
        <div class="timers">
          {leaseExpiresAt !== null && <LeaseTimer expiresAt={leaseExpiresAt} />}
        </div>
      </div>
      <div class="case-grid">
        <div class="case-column" role="region" aria-label="Post and reports" tabIndex={0}>
          <PostView post={blind.post} blurApplies={blurApplies} revealed={revealed} onToggleReveal={() => setRevealed((r) => !r)} grayscaleMedia={preferences.grayscaleMedia} />
          <ReportsList reports={blind.reports} selected={selectedReport} onSelect={setSelectedReport} />
        </div>
        <div class="case-column" role="region" aria-label="Your review" tabIndex={0}>
          <ChoicePanel
            state={choice}
            heading="Your decision"
            toolbarLabel="Decision"
            intro={<p class="muted">What would you decide? Your answer is compared with the first decision once it is in.</p>}
            choices={(['remove', 'no_violation'] as SecondReviewAction[]).map((value) => ({
              value, label: SECOND_REVIEW_ACTION_LABELS[value], shortcut: ACTION_KEYS[value], buttonId: actionButtonId(value), formTitle: SECOND_REVIEW_ACTION_LABELS[value],
            }))}
            reasonId={REASON_ID}
            effect="Recorded for quality figures only: the case itself does not change."
          />
          <SignalsView caseId={blind.id} signals={blind.signals} />
        </div>
      </div>
    </div>
  );
}
