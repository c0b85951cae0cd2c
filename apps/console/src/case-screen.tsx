import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, describeError, get, isSessionEnd } from './api';
import { seesBulk } from './bulk';
import { CaseHistory } from './case-history';
import { CaseNotes, NOTE_BOX_ID } from './case-notes';
import { DeadlineTimer, LeaseTimer } from './case-timers';
import { takeClaimed } from './claim';
import { useConsole } from './console-context';
import { decisionBody, dropDraft, newDraft, saveDraft, savedDraft, type DecisionDraft } from './decision-draft';
import { DecisionForm, fieldsShown } from './decision-form';
import { DecisionSummary } from './decision-summary';
import { actionButtonId, DecisionToolbar } from './decision-toolbar';
import { useFocusOnMount } from './focus';
import { type Shortcuts, useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { categoryLabel, SOURCE_LABELS, STATE_LABELS, TIER_LABELS } from './labels';
import { forgetHeldLease, useLease } from './lease';
import { PostView } from './post-view';
import { fillFromTemplate, templatesFor } from './reason-templates';
import { reportElementId, ReportsList } from './reports-list';
import { bulkPathFor, navigate, QUEUE_PATH } from './router';
import { SignalsView } from './signals';
import { Timestamp } from './timestamp';
import type { CaseDetail, DecisionAction, FieldError, Page, ReasonTemplate } from './types';

const DECIDED: Record<DecisionAction, string> = {
  remove: 'Removed — order sent to the platform',
  no_violation: 'No violation recorded',
  escalate: 'Escalated to senior',
};

/** Opens the case handed over by a claim, or fetches it (a link, a reload). */
export function CaseScreen({ caseId }: { caseId: string }) {
  const [detail, setDetail] = useState<CaseDetail | null>(() => takeClaimed(caseId));
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (detail) return;
    get<CaseDetail>(`/v1/cases/${encodeURIComponent(caseId)}`).then(setDetail, (err) => {
      if (!isSessionEnd(err)) setLoadError(describeError(err));
    });
  }, []);
  return detail ? <CaseWorkspace detail={detail} onDetailChange={setDetail} /> : <CaseLoading caseId={caseId} error={loadError} />;
}

function CaseLoading({ caseId, error }: { caseId: string; error: string | null }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div class="case-screen">
      <h1 tabIndex={-1} ref={heading}>Case {shortId(caseId)}</h1>
      {error ? <p role="alert" class="form-error">{error}</p> : <p class="muted">Loading…</p>}
    </div>
  );
}

const shortId = (caseId: string) => caseId.slice(0, 8);

function CaseWorkspace({ detail, onDetailChange }: { detail: CaseDetail; onDetailChange: (detail: CaseDetail) => void }) {
  const { principal, warnAtFraction, preferences, announce, alert, clearNotices, reportError, claimNext } = useConsole();
  const caseId = detail.id;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [templates, setTemplates] = useState<ReasonTemplate[]>([]);
  const [draft, setDraft] = useState<DecisionDraft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [selectedReport, setSelectedReport] = useState(-1);

  useEffect(() => {
    // Without templates the form still works by typing, so a failure here is not worth an alert.
    get<Page<ReasonTemplate>>('/v1/reason-templates').then((page) => setTemplates(page.items), () => {});
  }, []);

  // claimedBy is only set while a lease is live, so this is "the case is mine right now".
  const held = detail.claimedBy === principal.id && detail.decidedAt === null;

  // A decision typed before the session ended comes back once the case is shown again.
  // It never replaces a form already opened: this runs after the first paint, and a key may have opened one by then.
  useEffect(() => {
    if (held) setDraft((current) => current ?? savedDraft(caseId) ?? null);
  }, [held]);

  useEffect(() => {
    if (draft) saveDraft(caseId, draft);
  }, [draft]);

  /** The lease is gone (lost, or the case decided by someone else): say so plainly and move on. */
  const moveOnAfterLoss = (message: string) => {
    forgetHeldLease();
    dropDraft(caseId);
    clearNotices();
    alert(`The decision was not recorded: ${message}.`);
    void claimNext();
  };

  const leaseExpiresAt = useLease(caseId, held ? detail.leaseExpiresAt : null, {
    onIdle: () => {
      dropDraft(caseId);
      clearNotices();
      announce('Released after inactivity');
      navigate(QUEUE_PATH);
    },
    onLost: moveOnAfterLoss,
  });

  const canEscalate = detail.tier !== 'senior';
  const blurApplies = detail.violent && preferences.blurViolent;
  const actionTemplates = draft ? templatesFor(templates, draft.action) : [];

  const openForm = (action: DecisionAction) => {
    setDraft((current) => (current ? { ...current, action } : newDraft(action, detail)));
    setErrors([]);
    setFormError(null);
  };

  const closeForm = () => {
    if (!draft) return;
    // The focus goes back to the button that opened the form, not to <body>.
    document.getElementById(actionButtonId(draft.action))?.focus();
    dropDraft(caseId);
    setDraft(null);
    setErrors([]);
    setFormError(null);
  };

  const applyTemplate = (template: ReasonTemplate) => setDraft((current) => current && fillFromTemplate(template, current, detail));

  /** Submit & next: the decision, then straight to the next case. */
  const submit = async () => {
    if (!draft || busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const decided = await call<CaseDetail>('POST', `/v1/cases/${caseId}/decision`, decisionBody(draft));
      forgetHeldLease();
      dropDraft(caseId);
      setDraft(null);
      // Shown if no next case can be opened: the case as decided, read-only.
      if (decided) onDetailChange(decided);
      clearNotices();
      announce(DECIDED[draft.action]);
      await claimNext();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fieldErrors = err.body.errors ?? [];
        const shown: string[] = fieldsShown(draft);
        const elsewhere = fieldErrors.filter((e) => !shown.includes(e.path));
        setErrors(fieldErrors);
        setFormError(fieldErrors.length === 0 ? err.message : elsewhere.map((e) => e.message).join(' ') || null);
      } else if (err instanceof ApiError && err.status === 409) moveOnAfterLoss(err.message);
      else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const skip = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await call('POST', `/v1/cases/${caseId}/skip`);
      forgetHeldLease();
      dropDraft(caseId);
      onDetailChange({ ...detail, claimedBy: null, leaseExpiresAt: null });
      clearNotices();
      announce('Case skipped');
      await claimNext();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) moveOnAfterLoss(err.message);
      else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const moveReport = (step: number) => {
    const count = detail.reports.length;
    if (count === 0) return;
    const next = Math.min(Math.max(selectedReport + step, 0), count - 1);
    setSelectedReport(next);
    document.getElementById(reportElementId(next))?.focus();
  };

  const claim = () => {
    clearNotices();
    void claimNext();
  };

  const focusNoteBox = () => document.getElementById(NOTE_BOX_ID)?.focus();
  // Seniors: every open case with this post's text, decided at once (the bulk screen previews before anything happens).
  const bulkByText = seesBulk(principal) ? () => navigate(bulkPathFor(caseId)) : undefined;

  const canAct = held && !busy;
  const shortcuts: Shortcuts = {
    r: canAct ? () => openForm('remove') : undefined,
    n: canAct ? () => openForm('no_violation') : undefined,
    e: canAct && canEscalate ? () => openForm('escalate') : undefined,
    // Not while a decision is being typed: one stray key must not throw the typed reasons away.
    s: canAct && !draft ? skip : undefined,
    c: held ? undefined : claim,
    j: () => moveReport(1),
    k: () => moveReport(-1),
    b: blurApplies ? () => setRevealed((r) => !r) : undefined,
    i: focusNoteBox,
    x: bulkByText,
    Escape: draft ? closeForm : undefined,
  };
  actionTemplates.slice(0, 9).forEach((template, i) => {
    shortcuts[String(i + 1)] = () => applyTemplate(template);
  });
  useShortcuts(shortcuts);

  return (
    <div class="case-screen">
      <div class="case-title">
        <h1 tabIndex={-1} ref={heading}>Case {shortId(caseId)}</h1>
        <p class="case-facts">
          <strong>{categoryLabel(detail.category)}</strong>
          <span>{TIER_LABELS[detail.tier] ?? detail.tier} tier</span>
          <span>{STATE_LABELS[detail.state] ?? detail.state}</span>
          <span>{SOURCE_LABELS[detail.source] ?? detail.source}</span>
        </p>
        <div class="timers">
          {detail.decidedAt === null && <DeadlineTimer dueAt={detail.dueAt} firstReportedAt={detail.firstReportedAt} warnAtFraction={warnAtFraction} />}
          {held && leaseExpiresAt !== null && <LeaseTimer expiresAt={leaseExpiresAt} />}
        </div>
      </div>
      <div class="case-grid">
        {/* Each column scrolls on its own on wide screens; focusable so the keyboard can scroll it too. */}
        <div class="case-column" role="region" aria-label="Post and reports" tabIndex={0}>
          <PostView post={detail.post} blurApplies={blurApplies} revealed={revealed} onToggleReveal={() => setRevealed((r) => !r)} grayscaleMedia={preferences.grayscaleMedia} />
          <ReportsList reports={detail.reports} selected={selectedReport} onSelect={setSelectedReport} />
        </div>
        <div class="case-column" role="region" aria-label="Decision and context" tabIndex={0}>
          {held ? (
            <section class="panel decide" aria-labelledby="decide-title">
              <h2 id="decide-title">Decide</h2>
              <DecisionToolbar canEscalate={canEscalate} openAction={draft?.action ?? null} onChoose={openForm} onSkip={skip} />
              {draft && (
                <DecisionForm
                  draft={draft}
                  offerManifestlyUnfounded={detail.source === 'notice'}
                  templates={actionTemplates}
                  errors={errors}
                  formError={formError}
                  onChange={setDraft}
                  onApplyTemplate={applyTemplate}
                  onSubmit={submit}
                  onCancel={closeForm}
                />
              )}
            </section>
          ) : (
            <NotHeld detail={detail} />
          )}
          <SignalsView caseId={caseId} signals={detail.signals} />
          <CaseNotes caseId={caseId} notes={detail.notes ?? []} onAdded={(note) => onDetailChange({ ...detail, notes: [...(detail.notes ?? []), note] })} />
          {bulkByText && (
            <section class="panel" aria-labelledby="bulk-title">
              <h2 id="bulk-title">Same text elsewhere</h2>
              <p class="muted">Decide every open case whose post has this text at once; you see them before anything is decided.</p>
              <KeyedButton label="Bulk decision by this text" shortcut="x" onClick={bulkByText} />
            </section>
          )}
          <CaseHistory caseId={caseId} />
        </div>
      </div>
    </div>
  );
}

function NotHeld({ detail }: { detail: CaseDetail }) {
  return (
    <section class="panel" aria-labelledby="not-held-title">
      <h2 id="not-held-title">Status</h2>
      <p class="note">You do not hold this case</p>
      {detail.decision && (
        <>
          <p>Decided <Timestamp iso={detail.decision.decidedAt} />:</p>
          <DecisionSummary decision={detail.decision} />
        </>
      )}
      <p class="muted">Press <kbd>c</kbd> to claim the next case.</p>
    </section>
  );
}
