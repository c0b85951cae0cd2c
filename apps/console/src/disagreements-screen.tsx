import { useEffect, useRef, useState } from 'preact/hooks';
import { call, describeError, get, isSessionEnd } from './api';
import { CaseNotes, NOTE_BOX_ID } from './case-notes';
import { LeaseTimer } from './case-timers';
import { useConsole } from './console-context';
import { useFocusOnMount } from './focus';
import { type Shortcuts, useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { categoryLabel } from './labels';
import { useLease } from './lease';
import { PostView } from './post-view';
import {
  type DisagreementAssignment, type ResolutionOutcome, type SecondReviewView, actionLabel, claimDisagreement, RESOLUTION_LABELS, whoLabel,
} from './quality';
import { ChoicePanel, useReasonedChoice } from './reasoned-choice';
import { reportElementId, ReportsList } from './reports-list';
import { casePath, Link, navigate, QUEUE_PATH } from './router';
import { SignalsView } from './signals';
import { Timestamp } from './timestamp';
import type { CaseDetail, Page } from './types';

const EMPTY = 'No disagreement to settle for you right now.';
const PAGE_SIZE = 50;
const shortId = (id: string) => id.slice(0, 8);

type Side = 'first' | 'second';
const SIDE_KEYS: Record<Side, string> = { first: 'f', second: 's' };
const SIDE_LABELS: Record<Side, string> = { first: 'First was right', second: 'Second was right' };
const SIDE_TITLES: Record<Side, string> = { first: 'Uphold the first decision', second: 'Uphold the second review' };
const sideButtonId = (side: Side) => `uphold-${side}`;
const REASON_ID = 'resolution-reason';

/**
 * Seniors: the disagreed second reviews (both actions, both moderators, the reason), newest first, and the queue that
 * settles them: c claims the oldest unsettled one, f or s says which decision was right, with reasons; the next follows.
 */
export function DisagreementsScreen() {
  const { clearNotices, announce, reportError } = useConsole();
  const [claimed, setClaimed] = useState<DisagreementAssignment | null>(null);
  const claiming = useRef(false);

  const claimNext = async () => {
    if (claiming.current) return;
    claiming.current = true;
    try {
      const next = await claimDisagreement();
      if (!next) announce(EMPTY);
      setClaimed(next);
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

  return claimed ? (
    <DisagreementWorkspace key={claimed.id} initial={claimed} onNext={claimNext} onLeft={() => setClaimed(null)} />
  ) : (
    <DisagreementList onClaim={claim} />
  );
}

function DisagreementList({ onClaim }: { onClaim: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [items, setItems] = useState<SecondReviewView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openOnly, setOpenOnly] = useState(false);

  const load = (after: string | null, onlyOpen = openOnly) => {
    const query = `state=disagreed&limit=${PAGE_SIZE}${onlyOpen ? '&resolved=false' : ''}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`;
    get<Page<SecondReviewView>>(`/v1/second-reviews?${query}`).then(
      (page) => {
        setItems((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor ?? null);
        setError(null);
      },
      (err) => {
        if (!isSessionEnd(err)) setError(describeError(err));
      },
    );
  };
  useEffect(() => load(null), []);
  useShortcuts({ c: onClaim, Escape: () => navigate(QUEUE_PATH) });

  const open = items?.filter((item) => !item.resolution).length ?? 0;
  return (
    <div class="queue-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Disagreements</h1>
        <KeyedButton class="primary claim" label="Claim next disagreement" shortcut="c" onClick={onClaim} />
      </div>
      <section class="panel" aria-labelledby="disagreements-title">
        <div class="section-head">
          <h2 id="disagreements-title">Second reviews that disagreed</h2>
          <span class="muted">{items ? `${items.length} shown · ${open} of them not settled` : 'Loading…'}</span>
        </div>
        <div class="check-field list-filter">
          <input
            id="disagreements-open-only"
            type="checkbox"
            checked={openOnly}
            onChange={(e) => {
              setOpenOnly(e.currentTarget.checked);
              load(null, e.currentTarget.checked);
            }}
          />
          <label for="disagreements-open-only">Only those not settled yet</label>
        </div>
        {error && <p class="refresh-error">Could not load them: {error}</p>}
        {items && items.length === 0 && <p>{openOnly ? 'None waiting: every disagreement is settled.' : 'None: every second review so far agreed with the first decision.'}</p>}
        {items && items.length > 0 && (
          <div class="table-scroll">
            <table class="disagreements">
              <caption class="visually-hidden">Disagreed second reviews, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Category</th>
                  <th scope="col">First decision</th>
                  <th scope="col">Second review</th>
                  <th scope="col">Second reviewer's reason</th>
                  <th scope="col">Reviewed</th>
                  <th scope="col">Settled</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <td class="nowrap"><Link href={casePath(item.caseId)}>Case {shortId(item.caseId)}</Link></td>
                    <td>{categoryLabel(item.category)}</td>
                    <td><strong>{actionLabel(item.firstAction)}</strong><span class="by">by {whoLabel(item.firstDecidedBy, item.automated)}</span></td>
                    <td><strong>{actionLabel(item.secondAction)}</strong><span class="by">by {whoLabel(item.reviewedBy)}</span></td>
                    <td class="reason-cell">{item.reason ?? '—'}</td>
                    <td class="nowrap">{item.reviewedAt ? <Timestamp iso={item.reviewedAt} /> : '—'}</td>
                    <td class="settled-cell">
                      {item.resolution ? (
                        <>
                          <strong>{RESOLUTION_LABELS[item.resolution] ?? item.resolution}</strong>
                          <span class="by">by {whoLabel(item.resolvedBy ?? null)}{item.resolvedAt && <> · <Timestamp iso={item.resolvedAt} /></>}</span>
                          {item.resolutionReason && <span class="by">{item.resolutionReason}</span>}
                        </>
                      ) : (
                        <span class="open-tag">Not settled</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && <button type="button" class="show-all" onClick={() => load(cursor)}>Show older ones</button>}
        <p class="muted updated">
          Disagreements where you took either decision are never given to you. <Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd>
        </p>
      </section>
    </div>
  );
}

const SETTLED: Record<string, string> = {
  first_upheld: 'Disagreement settled — the first decision upheld',
  second_upheld: 'Disagreement settled — the second review upheld',
};

interface WorkspaceProps {
  initial: DisagreementAssignment;
  onNext: () => Promise<void>;
  onLeft: () => void;
}

function DisagreementWorkspace({ initial, onNext, onLeft }: WorkspaceProps) {
  const { preferences, alert } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [item, setItem] = useState(initial);
  const [revealed, setRevealed] = useState(false);
  const [selectedReport, setSelectedReport] = useState(-1);
  const caseDetail: CaseDetail = item.case;
  const blurApplies = caseDetail.violent && preferences.blurViolent;

  // Renewed while the senior works, given back when idle past its end, when the screen goes away or the page is left.
  const leaseExpiresAt = useLease(initial.id, initial.leaseExpiresAt, {
    onIdle: () => {
      alert('The disagreement was given back: no activity until its lease ran out.');
      onLeft();
    },
    onLost: (message) => {
      alert(`The disagreement is no longer yours: ${message}.`);
      onLeft();
    },
  }, '/v1/second-reviews');

  const choice = useReasonedChoice<Side>({
    buttonId: sideButtonId,
    record: async (chosen, why) => {
      const outcome = await call<ResolutionOutcome>('POST', `/v1/second-reviews/${item.id}/resolution`, { upheld: chosen, reason: why });
      return SETTLED[outcome?.resolution ?? ''] ?? 'Disagreement settled';
    },
    notRecorded: 'The verdict was not recorded',
    released: 'Disagreement released',
    onNext,
    onLeft,
  });

  const moveReport = (step: number) => {
    const count = caseDetail.reports.length;
    if (count === 0) return;
    const next = Math.min(Math.max(selectedReport + step, 0), count - 1);
    setSelectedReport(next);
    document.getElementById(reportElementId(next))?.focus();
  };

  const shortcuts: Shortcuts = {
    f: choice.busy ? undefined : () => choice.openForm('first'),
    s: choice.busy ? undefined : () => choice.openForm('second'),
    j: () => moveReport(1),
    k: () => moveReport(-1),
    b: blurApplies ? () => setRevealed((r) => !r) : undefined,
    i: () => document.getElementById(NOTE_BOX_ID)?.focus(),
    Escape: choice.choice ? choice.closeForm : choice.release,
  };
  useShortcuts(shortcuts);

  return (
    <div class="case-screen">
      <div class="case-title">
        <h1 tabIndex={-1} ref={heading}>Disagreement {shortId(item.id)}</h1>
        <p class="case-facts">
          <strong>{categoryLabel(item.category)}</strong>
          <span><Link href={casePath(item.caseId)}>Case {shortId(item.caseId)}</Link></span>
        </p>
        <div class="timers">
          {leaseExpiresAt !== null && <LeaseTimer expiresAt={leaseExpiresAt} />}
        </div>
      </div>
      <div class="case-grid">
        <div class="case-column" role="region" aria-label="Post and reports" tabIndex={0}>
          <PostView post={caseDetail.post} blurApplies={blurApplies} revealed={revealed} onToggleReveal={() => setRevealed((r) => !r)} grayscaleMedia={preferences.grayscaleMedia} />
          <ReportsList reports={caseDetail.reports} selected={selectedReport} onSelect={setSelectedReport} />
        </div>
        <div class="case-column" role="region" aria-label="The two decisions and your verdict" tabIndex={0}>
          <section class="panel" aria-labelledby="two-decisions-title">
            <h2 id="two-decisions-title">The two decisions</h2>
            <div class="two-decisions">
              <article class="side" aria-labelledby="first-side-title">
                <h3 id="first-side-title">First decision: {actionLabel(item.firstAction)}</h3>
                <p class="muted">by {whoLabel(item.firstDecidedBy, item.automated)}</p>
                <p class="side-text">{item.firstExplanation ?? 'No explanation recorded.'}</p>
              </article>
              <article class="side" aria-labelledby="second-side-title">
                <h3 id="second-side-title">Second review: {actionLabel(item.secondAction)}</h3>
                <p class="muted">by {whoLabel(item.reviewedBy)}{item.reviewedAt && <> · <Timestamp iso={item.reviewedAt} /></>}</p>
                <p class="side-text">{item.reason}</p>
              </article>
            </div>
          </section>
          <ChoicePanel
            state={choice}
            heading="Your verdict"
            toolbarLabel="Verdict"
            choices={(['first', 'second'] as Side[]).map((value) => ({
              value, label: SIDE_LABELS[value], shortcut: SIDE_KEYS[value], buttonId: sideButtonId(value), formTitle: SIDE_TITLES[value],
            }))}
            reasonId={REASON_ID}
            effect="Counted in the agreement figures. It changes no decision by itself: the first decision stands unless an appeal overturns it."
          />
          <CaseNotes caseId={item.caseId} notes={caseDetail.notes ?? []} onAdded={(note) => setItem((c) => ({ ...c, case: { ...c.case, notes: [...(c.case.notes ?? []), note] } }))} />
          <SignalsView caseId={item.caseId} signals={caseDetail.signals} />
        </div>
      </div>
    </div>
  );
}
