import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, describeError, get, isSessionEnd } from './api';
import {
  type AppealDetail, type AppealDraft, type AppealOutcome, type ContestedDecision, type Appeal,
  APPEAL_STATUS_LABELS, APPELLANT_LABELS, appealDecisionBody, formAction, formFieldOf, loadAppeal, savedAppealDraft, takeClaimedAppeal, useClaimNextAppeal,
} from './appeals';
import { CaseHistory } from './case-history';
import { DeadlineTimer, LeaseTimer } from './case-timers';
import { useConsole } from './console-context';
import { dropDraft, newDraft, saveDraft } from './decision-draft';
import { DecisionForm, fieldsShown } from './decision-form';
import { moveAlongToolbar } from './decision-toolbar';
import { useFocusOnMount } from './focus';
import { type Shortcuts, useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { ACTION_LABELS, categoryLabel, GROUND_LABELS, TIER_LABELS } from './labels';
import { forgetHeldLease, releaseHeldLease, useLease } from './lease';
import { PostView } from './post-view';
import { fillFromTemplate, templatesFor } from './reason-templates';
import { reportElementId, ReportsList } from './reports-list';
import { APPEALS_PATH, navigate } from './router';
import { SignalsView } from './signals';
import { Timestamp } from './timestamp';
import type { FieldError, Page, ReasonTemplate } from './types';

const shortId = (id: string) => id.slice(0, 8);

/** Opens the appeal handed over by a claim, or fetches it (a link, a reload, signing in again). */
export function AppealScreen({ appealId }: { appealId: string }) {
  const [loaded, setLoaded] = useState(() => {
    const claimed = takeClaimedAppeal(appealId);
    return claimed && { detail: claimed, held: true };
  });
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (loaded) return;
    loadAppeal(appealId).then(setLoaded, (err) => {
      if (!isSessionEnd(err)) setLoadError(describeError(err));
    });
  }, []);
  return loaded ? <AppealWorkspace initial={loaded.detail} initiallyHeld={loaded.held} /> : <AppealLoading appealId={appealId} error={loadError} />;
}

function AppealLoading({ appealId, error }: { appealId: string; error: string | null }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div class="case-screen">
      <h1 tabIndex={-1} ref={heading}>Appeal {shortId(appealId)}</h1>
      {error ? <p role="alert" class="form-error">{error}</p> : <p class="muted">Loading…</p>}
    </div>
  );
}

const OUTCOME_KEYS: Record<AppealOutcome, string> = { uphold: 'u', overturn: 'o' };
const outcomeButtonId = (outcome: AppealOutcome) => `appeal-${outcome}`;

/** What the outcome does, said before it is chosen: overturning is an order to the platform. */
function outcomeTitle(outcome: AppealOutcome, detail: AppealDetail): string {
  if (outcome === 'uphold') return 'Uphold';
  return detail.contestedDecision.action === 'remove' ? 'Overturn: restore the post' : 'Overturn: remove the post';
}

const DECIDED: Record<string, string> = {
  upheld: 'Appeal upheld — the appellant is sent your reasons',
  restoring: 'Appeal overturned — restore order sent to the platform',
  overturned: 'Appeal overturned — removal order sent to the platform',
};

function AppealWorkspace({ initial, initiallyHeld }: { initial: AppealDetail; initiallyHeld: boolean }) {
  const { warnAtFraction, preferences, announce, alert, clearNotices, reportError } = useConsole();
  const claimNextAppeal = useClaimNextAppeal();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [detail, setDetail] = useState(initial);
  const [held, setHeld] = useState(initiallyHeld);
  const [templates, setTemplates] = useState<ReasonTemplate[]>([]);
  const [draft, setDraft] = useState<AppealDraft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [selectedReport, setSelectedReport] = useState(-1);
  const appealId = detail.id;
  const caseDetail = detail.case;
  const contested = detail.contestedDecision;

  useEffect(() => {
    // Without templates the form still works by typing, so a failure here is not worth an alert.
    get<Page<ReasonTemplate>>('/v1/reason-templates').then((page) => setTemplates(page.items), () => {});
  }, []);

  // An outcome typed before the session ended comes back once the appeal is shown again; never over a form opened since.
  useEffect(() => {
    if (held) setDraft((current) => current ?? savedAppealDraft(appealId));
  }, [held]);

  useEffect(() => {
    if (draft) saveDraft(appealId, draft);
  }, [draft]);

  const stopHolding = () => {
    forgetHeldLease();
    dropDraft(appealId);
    setDraft(null);
    setHeld(false);
  };

  /** The lease is gone (lost, or the appeal decided by someone else): say so plainly and move on. */
  const moveOnAfterLoss = (message: string) => {
    stopHolding();
    clearNotices();
    alert(`The outcome was not recorded: ${message}.`);
    void claimNextAppeal();
  };

  const leaseExpiresAt = useLease(appealId, held ? detail.leaseExpiresAt : null, {
    onIdle: () => {
      dropDraft(appealId);
      clearNotices();
      announce('Appeal released after inactivity');
      navigate(APPEALS_PATH);
    },
    onLost: moveOnAfterLoss,
  }, '/v1/appeals');

  const blurApplies = caseDetail.violent && preferences.blurViolent;
  // Overturning a removal records a "no violation", and overturning a "no violation" a removal: their templates fit.
  const outcomeTemplates = draft?.outcome === 'overturn' ? templatesFor(templates, draft.action) : [];

  const openForm = (outcome: AppealOutcome) => {
    const action = formAction(outcome, contested.action);
    setDraft((current) => (current ? { ...current, outcome, action } : { ...newDraft(action, caseDetail), outcome }));
    setErrors([]);
    setFormError(null);
  };

  const closeForm = () => {
    if (!draft) return;
    // The focus goes back to the button that opened the form, not to <body>.
    document.getElementById(outcomeButtonId(draft.outcome))?.focus();
    dropDraft(appealId);
    setDraft(null);
    setErrors([]);
    setFormError(null);
  };

  const applyTemplate = (template: ReasonTemplate) =>
    setDraft((current) => current && { ...fillFromTemplate(template, current, caseDetail), outcome: current.outcome });

  /** Submit & next: the outcome, then straight to the next appeal. */
  const submit = async () => {
    if (!draft || busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const decided = await call<Appeal>('POST', `/v1/appeals/${appealId}/decision`, appealDecisionBody(draft));
      stopHolding();
      // Shown if no next appeal can be opened: the appeal as decided, read-only.
      if (decided) setDetail({ ...detail, ...decided });
      clearNotices();
      announce(DECIDED[decided?.status ?? ''] ?? 'Outcome recorded');
      await claimNextAppeal();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fieldErrors = (err.body.errors ?? []).map((e) => ({ ...e, path: formFieldOf(e.path) }));
        const shown: string[] = fieldsShown(draft);
        const elsewhere = fieldErrors.filter((e) => !shown.includes(e.path));
        setErrors(fieldErrors);
        setFormError(fieldErrors.length === 0 ? err.message : elsewhere.map((e) => `${e.path} ${e.message}`).join(' ') || null);
      } else if (err instanceof ApiError && err.status === 409) {
        // 409 is also "the post has another open case", with the lease still ours: only a lost lease moves on.
        if (await stillHeld(appealId)) setFormError(err.message);
        else moveOnAfterLoss(err.message);
      } else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  /** Esc: back to the appeals, giving this one back first so the figures there already count it as waiting. */
  const leave = async () => {
    const wasHeld = held;
    await releaseHeldLease();
    dropDraft(appealId);
    clearNotices();
    if (wasHeld) announce('Appeal released');
    navigate(APPEALS_PATH);
  };

  const moveReport = (step: number) => {
    const count = caseDetail.reports.length;
    if (count === 0) return;
    const next = Math.min(Math.max(selectedReport + step, 0), count - 1);
    setSelectedReport(next);
    document.getElementById(reportElementId(next))?.focus();
  };

  const claim = () => {
    clearNotices();
    void claimNextAppeal();
  };

  const canAct = held && !busy;
  const shortcuts: Shortcuts = {
    u: canAct ? () => openForm('uphold') : undefined,
    o: canAct ? () => openForm('overturn') : undefined,
    c: held ? undefined : claim,
    j: () => moveReport(1),
    k: () => moveReport(-1),
    b: blurApplies ? () => setRevealed((r) => !r) : undefined,
    Escape: draft ? closeForm : busy ? undefined : leave,
  };
  outcomeTemplates.slice(0, 9).forEach((template, i) => {
    shortcuts[String(i + 1)] = () => applyTemplate(template);
  });
  useShortcuts(shortcuts);

  const open = detail.decidedAt === null;
  return (
    <div class="case-screen">
      <div class="case-title">
        <h1 tabIndex={-1} ref={heading}>Appeal {shortId(appealId)}</h1>
        <p class="case-facts">
          <strong>{categoryLabel(detail.category)}</strong>
          <span>{TIER_LABELS[detail.tier] ?? detail.tier} tier</span>
          <span>{APPEAL_STATUS_LABELS[detail.status] ?? detail.status}</span>
          <span>{contested.action === 'remove' ? 'Contests a removal' : 'Contests a “no violation”'}</span>
        </p>
        <div class="timers">
          {open && <DeadlineTimer dueAt={detail.dueAt} firstReportedAt={detail.receivedAt} warnAtFraction={warnAtFraction} />}
          {held && leaseExpiresAt !== null && <LeaseTimer expiresAt={leaseExpiresAt} />}
        </div>
      </div>
      <div class="case-grid">
        <div class="case-column" role="region" aria-label="Appeal, post and reports" tabIndex={0}>
          <AppellantStatement appeal={detail} />
          <PostView post={caseDetail.post} blurApplies={blurApplies} revealed={revealed} onToggleReveal={() => setRevealed((r) => !r)} grayscaleMedia={preferences.grayscaleMedia} />
          <ReportsList reports={caseDetail.reports} selected={selectedReport} onSelect={setSelectedReport} />
        </div>
        <div class="case-column" role="region" aria-label="Contested decision and outcome" tabIndex={0}>
          <ContestedDecisionView decision={contested} caseCategory={caseDetail.category} />
          {held ? (
            <section class="panel decide" aria-labelledby="decide-title">
              <h2 id="decide-title">Decide the appeal</h2>
              <div role="toolbar" aria-label="Outcome" class="toolbar" onKeyDown={moveAlongToolbar}>
                {(['uphold', 'overturn'] as const).map((outcome) => (
                  <KeyedButton
                    key={outcome}
                    id={outcomeButtonId(outcome)}
                    label={outcome === 'uphold' ? 'Uphold' : 'Overturn'}
                    shortcut={OUTCOME_KEYS[outcome]}
                    aria-expanded={draft?.outcome === outcome}
                    onClick={() => openForm(outcome)}
                  />
                ))}
                {/* While a form is open Esc cancels it (its Cancel button says so): leaving is the next Esc. */}
                {!draft && <KeyedButton label="Leave" shortcut="Escape" hint="Esc" onClick={leave} />}
              </div>
              {draft && <p class="muted outcome-effect">{outcomeEffect(draft.outcome, contested.action)}</p>}
              {draft && (
                <DecisionForm
                  // A fresh form for each outcome, so choosing another puts the focus on its first field again.
                  key={draft.outcome}
                  draft={draft}
                  title={outcomeTitle(draft.outcome, detail)}
                  templates={outcomeTemplates.length > 0 ? outcomeTemplates : undefined}
                  errors={errors}
                  formError={formError}
                  onChange={(next) => setDraft({ ...next, outcome: draft.outcome })}
                  onApplyTemplate={applyTemplate}
                  onSubmit={submit}
                  onCancel={closeForm}
                />
              )}
            </section>
          ) : (
            <NotHeld appeal={detail} />
          )}
          <SignalsView caseId={caseDetail.id} signals={caseDetail.signals} />
          <CaseHistory caseId={caseDetail.id} />
        </div>
      </div>
    </div>
  );
}

function outcomeEffect(outcome: AppealOutcome, contested: string): string {
  if (outcome === 'uphold') return 'The decision stays as it is. Your reason is sent to the appellant.';
  return contested === 'remove'
    ? 'A "no violation" decision replaces the removal and the platform is ordered to restore the post. Your reason is its statement of reasons and is sent to the appellant.'
    : 'A removal decision replaces the "no violation" and the platform is ordered to remove the post: give its category, ground and law or clause, as for any removal.';
}

async function stillHeld(appealId: string): Promise<boolean> {
  try {
    await call('POST', `/v1/appeals/${appealId}/heartbeat`);
    return true;
  } catch {
    return false;
  }
}

/** The appellant and their words, first on the screen: they are what the appeal is about. */
function AppellantStatement({ appeal }: { appeal: Appeal }) {
  return (
    <section class="panel appeal" aria-labelledby="statement-title">
      <h2 id="statement-title">Appellant's statement</h2>
      <p class="appellant">
        <strong>{APPELLANT_LABELS[appeal.appellant] ?? appeal.appellant}</strong>
        <span class="muted"> · received <Timestamp iso={appeal.receivedAt} />{appeal.externalRef && ` · their reference ${appeal.externalRef}`}</span>
      </p>
      <blockquote class="appeal-statement">{appeal.statement}</blockquote>
    </section>
  );
}

/** The decision contested, as its statement of reasons says it: what, under which category, on what ground and law. */
function ContestedDecisionView({ decision, caseCategory }: { decision: ContestedDecision; caseCategory: string }) {
  const { action, category, ground, legalGround, policy, explanation, decidedAt } = decision;
  return (
    <section class="panel" aria-labelledby="contested-title">
      <h2 id="contested-title">Contested decision</h2>
      <dl class="post-meta">
        <div><dt>Decision</dt><dd><strong>{ACTION_LABELS[action] ?? action}</strong></dd></div>
        <div><dt>Category</dt><dd>{categoryLabel(category ?? caseCategory)}</dd></div>
        <div><dt>Decided</dt><dd><Timestamp iso={decidedAt} /></dd></div>
        {ground && <div><dt>Ground</dt><dd>{GROUND_LABELS[ground] ?? ground}</dd></div>}
        {legalGround && <div><dt>Law</dt><dd>{legalGround}</dd></div>}
        {policy && <div><dt>Terms clause</dt><dd>{policy}</dd></div>}
        <div class="wide"><dt>Statement of reasons</dt><dd class="decision-summary">{explanation}</dd></div>
      </dl>
    </section>
  );
}

function NotHeld({ appeal }: { appeal: Appeal }) {
  return (
    <section class="panel" aria-labelledby="not-held-title">
      <h2 id="not-held-title">Status</h2>
      <p class="note">You do not hold this appeal</p>
      {appeal.decidedAt && appeal.outcome && (
        <p class="decision-summary">
          <strong>{appeal.outcome === 'uphold' ? 'Upheld' : 'Overturned'}</strong> <Timestamp iso={appeal.decidedAt} />: {appeal.reason}
        </p>
      )}
      {appeal.restoredAt && <p>Restored on the platform <Timestamp iso={appeal.restoredAt} /></p>}
      <p class="muted">Press <kbd>c</kbd> to claim the next appeal, <kbd>Esc</kbd> to go back to the appeals.</p>
    </section>
  );
}
