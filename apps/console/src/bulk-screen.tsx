import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, describeError, get, isSessionEnd } from './api';
import {
  type BulkAction, type BulkDecisionInput, type BulkPreview, type BulkSelection, type BulkView, BULK_MAX, BULK_STATUS_LABELS, exclusionLabel, handOver,
  parseCaseIds, takeApplied,
} from './bulk';
import { useInterval, useNow } from './clock';
import { useConsole } from './console-context';
import { EXPLANATION_MAX } from './decision-draft';
import { useFocusOnMount } from './focus';
import { useShortcuts } from './keyboard';
import { KeyedButton } from './keyed-button';
import { ACTION_LABELS, CATEGORY_KEYS, categoryLabel, GROUND_LABELS } from './labels';
import { Modal } from './modal';
import { BULK_PATH, bulkPath, casePath, Link, navigate, QUEUE_PATH } from './router';
import { formatCountdown, formatDuration, plural } from './time';
import { Timestamp } from './timestamp';
import type { DecisionGround, FieldError } from './types';

type Mode = 'fingerprint' | 'ids' | 'reporter';

interface BulkForm {
  mode: Mode;
  fingerprintCase: string;
  ids: string;
  reporterId: string;
  from: string;
  to: string;
  reporterCategory: string;
  action: BulkAction;
  /** '' : each case's own category. */
  category: string;
  ground: DecisionGround;
  legalGround: string;
  policy: string;
  explanation: string;
}

// Fixed ids: one form per page, and the API's errors[].path maps onto them.
const FIELD_IDS: Record<string, string> = {
  'selection.fingerprintOfCase': 'bulk-case',
  'selection.caseIds': 'bulk-ids',
  'selection.reporterId': 'bulk-reporter',
  'selection.from': 'bulk-from',
  'selection.to': 'bulk-to',
  'selection.category': 'bulk-reporter-category',
  'decision.category': 'bulk-category',
  'decision.ground': 'bulk-ground',
  'decision.legalGround': 'bulk-law',
  'decision.policy': 'bulk-clause',
  'decision.explanation': 'bulk-reason',
};
/** `selection.caseIds[3]` is shown at the field `selection.caseIds`. */
const fieldOf = (path: string) => path.replace(/\[\d+\]$/, '');

const MODE_LABELS: Record<Mode, string> = {
  fingerprint: 'Every open case with the same text as a case',
  ids: 'A list of case ids',
  reporter: "A reporter's notices in a period",
};

function initialForm(): BulkForm {
  const caseId = new URLSearchParams(location.search).get('case') ?? '';
  return {
    mode: 'fingerprint', fingerprintCase: caseId, ids: '', reporterId: '', from: '', to: '', reporterCategory: '',
    action: 'remove', category: '', ground: 'illegal_content', legalGround: '', policy: '', explanation: '',
  };
}

function selectionOf(form: BulkForm): BulkSelection {
  switch (form.mode) {
    case 'fingerprint':
      return { fingerprintOfCase: form.fingerprintCase.trim() };
    case 'ids':
      return { caseIds: parseCaseIds(form.ids) };
    case 'reporter': {
      // datetime-local is the moderator's local time; the API wants an instant.
      const instant = (value: string) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value);
      return { reporterId: form.reporterId.trim(), from: instant(form.from), to: instant(form.to), ...(form.reporterCategory ? { category: form.reporterCategory } : {}) };
    }
  }
}

function decisionOf(form: BulkForm): BulkDecisionInput {
  const { action, explanation } = form;
  if (action !== 'remove') return { action, explanation };
  const base = { action, ground: form.ground, explanation, ...(form.category ? { category: form.category } : {}) };
  return form.ground === 'illegal_content' ? { ...base, legalGround: form.legalGround } : { ...base, policy: form.policy };
}

/**
 * Seniors: one decision over many cases. Select (a case's text, pasted ids, or a reporter's notices in a period), say
 * the decision, preview (what would be decided, what is left out and why), then confirm in a dialog that names the
 * count. Any change after the preview drops it: what is confirmed is always what was previewed.
 */
export function BulkScreen() {
  const { clearNotices, alert, reportError } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [form, setForm] = useState<BulkForm>(initialForm);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [previewed, setPreviewed] = useState<BulkForm | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const previewHeading = useRef<HTMLHeadingElement>(null);

  // Esc in a field first leaves the field (a form typed so far is not thrown away by one key); Esc again leaves the screen.
  const escape = () => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.closest('form.bulk-form') && active.matches('input, textarea, select')) heading.current?.focus();
    else navigate(QUEUE_PATH);
  };
  useShortcuts({ Escape: escape });

  const set = <K extends keyof BulkForm>(field: K, value: BulkForm[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    // What would be confirmed must be what was previewed.
    setPreview(null);
  };

  // A preview moves the focus to its result, so a screen reader reads it and Tab goes on to the confirm button.
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);

  useEffect(() => {
    const first = errors.map((e) => FIELD_IDS[fieldOf(e.path)]).find(Boolean);
    if (first) document.getElementById(first)?.focus();
  }, [errors]);

  const runPreview = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    clearNotices();
    setErrors([]);
    setFormError(null);
    try {
      const answer = await call<BulkPreview>('POST', '/v1/bulk-decisions/preview', { selection: selectionOf(form), decision: decisionOf(form) });
      setPreview(answer);
      setPreviewed(form);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 400 || err.status === 422)) {
        const fieldErrors = err.body.errors ?? [];
        const elsewhere = fieldErrors.filter((e) => !shownFields(form).includes(fieldOf(e.path)));
        setErrors(fieldErrors);
        setFormError(fieldErrors.length === 0 ? err.message : elsewhere.map((e) => `${e.path} ${e.message}`).join(' ') || null);
      } else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!preview || busy) return;
    setBusy(true);
    try {
      const view = await call<BulkView>('POST', '/v1/bulk-decisions', { token: preview.token });
      setConfirming(false);
      if (!view) return;
      handOver(view);
      clearNotices();
      navigate(bulkPath(view.id));
    } catch (err) {
      setConfirming(false);
      setPreview(null);
      if (err instanceof ApiError && [404, 403, 409, 422].includes(err.status)) alert(`Nothing was decided: ${err.message}.`);
      else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) => errors.filter((e) => fieldOf(e.path) === field).map((e) => e.message).join(' ') || undefined;
  const actionWord = form.action === 'remove' ? 'Remove' : 'Record “no violation” for';

  return (
    <div class="bulk-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Bulk decision</h1>
        <p class="back-link"><Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd></p>
      </div>
      <div class="bulk-grid">
      <form class="bulk-form bulk-column" aria-label="Bulk decision" noValidate onSubmit={runPreview} onKeyDown={submitOnEnterInReason}>
        <section class="panel" aria-labelledby="bulk-select-title">
          <h2 id="bulk-select-title">1 · Cases</h2>
          <fieldset class="choice">
            <legend>Select by</legend>
            {(Object.keys(MODE_LABELS) as Mode[]).map((mode) => (
              <label key={mode} class="choice-option">
                <input type="radio" name="bulk-mode" value={mode} checked={form.mode === mode} onChange={() => set('mode', mode)} /> {MODE_LABELS[mode]}
              </label>
            ))}
          </fieldset>
          {form.mode === 'fingerprint' && (
            <Field id="bulk-case" label="Case id" error={errorOf('selection.fingerprintOfCase')} help={`Every queued case whose post has this case's text (at most ${BULK_MAX.toLocaleString('en')}).`}>
              <input id="bulk-case" type="text" value={form.fingerprintCase} spellcheck={false} autocomplete="off" onInput={(e) => set('fingerprintCase', e.currentTarget.value)} {...invalid('bulk-case', errorOf('selection.fingerprintOfCase'))} />
            </Field>
          )}
          {form.mode === 'ids' && (
            <Field id="bulk-ids" label="Case ids" error={errorOf('selection.caseIds')} help={`Paste up to ${BULK_MAX.toLocaleString('en')}: one per line, or separated by spaces or commas. ${plural(parseCaseIds(form.ids).length, 'id')} so far.`}>
              <textarea id="bulk-ids" rows={4} value={form.ids} spellcheck={false} onInput={(e) => set('ids', e.currentTarget.value)} {...invalid('bulk-ids', errorOf('selection.caseIds'))} />
            </Field>
          )}
          {form.mode === 'reporter' && (
            <>
              <Field id="bulk-reporter" label="Reporter id" error={errorOf('selection.reporterId')} help="The notifier's principal id.">
                <input id="bulk-reporter" type="text" value={form.reporterId} spellcheck={false} autocomplete="off" onInput={(e) => set('reporterId', e.currentTarget.value)} {...invalid('bulk-reporter', errorOf('selection.reporterId'))} />
              </Field>
              <div class="field-row">
                <Field id="bulk-from" label="Received from" error={errorOf('selection.from')}>
                  <input id="bulk-from" type="datetime-local" value={form.from} onInput={(e) => set('from', e.currentTarget.value)} {...invalid('bulk-from', errorOf('selection.from'))} />
                </Field>
                <Field id="bulk-to" label="Received before" error={errorOf('selection.to')}>
                  <input id="bulk-to" type="datetime-local" value={form.to} onInput={(e) => set('to', e.currentTarget.value)} {...invalid('bulk-to', errorOf('selection.to'))} />
                </Field>
              </div>
              <Field id="bulk-reporter-category" label="Only notices of category" error={errorOf('selection.category')}>
                <select id="bulk-reporter-category" value={form.reporterCategory} onChange={(e) => set('reporterCategory', e.currentTarget.value)}>
                  <option value="">Any category</option>
                  {CATEGORY_KEYS.map((key) => <option key={key} value={key}>{categoryLabel(key)}</option>)}
                </select>
              </Field>
            </>
          )}
        </section>
        <section class="panel" aria-labelledby="bulk-decision-title">
          <h2 id="bulk-decision-title">2 · Decision</h2>
          <fieldset class="choice">
            <legend>Decision for every case</legend>
            {(['remove', 'no_violation'] as BulkAction[]).map((action) => (
              <label key={action} class="choice-option">
                <input type="radio" name="bulk-action" value={action} checked={form.action === action} onChange={() => set('action', action)} /> {ACTION_LABELS[action]}
              </label>
            ))}
          </fieldset>
          {form.action === 'remove' && (
            <>
              <div class="field-row">
                <Field id="bulk-category" label="Category" error={errorOf('decision.category')}>
                  <select id="bulk-category" value={form.category} onChange={(e) => set('category', e.currentTarget.value)}>
                    <option value="">Each case's own category</option>
                    {CATEGORY_KEYS.map((key) => <option key={key} value={key}>{categoryLabel(key)}</option>)}
                  </select>
                </Field>
                <Field id="bulk-ground" label="Ground" error={errorOf('decision.ground')}>
                  <select id="bulk-ground" value={form.ground} onChange={(e) => set('ground', e.currentTarget.value as DecisionGround)}>
                    {(Object.keys(GROUND_LABELS) as DecisionGround[]).map((ground) => <option key={ground} value={ground}>{GROUND_LABELS[ground]}</option>)}
                  </select>
                </Field>
              </div>
              {form.ground === 'illegal_content' ? (
                <Field id="bulk-law" label="Law" error={errorOf('decision.legalGround')}>
                  <input id="bulk-law" type="text" value={form.legalGround} maxLength={500} aria-required="true" placeholder="e.g. StGB §111" onInput={(e) => set('legalGround', e.currentTarget.value)} {...invalid('bulk-law', errorOf('decision.legalGround'))} />
                </Field>
              ) : (
                <Field id="bulk-clause" label="Terms clause" error={errorOf('decision.policy')}>
                  <input id="bulk-clause" type="text" value={form.policy} maxLength={500} aria-required="true" placeholder="e.g. Community rules §3" onInput={(e) => set('policy', e.currentTarget.value)} {...invalid('bulk-clause', errorOf('decision.policy'))} />
                </Field>
              )}
            </>
          )}
          <Field id="bulk-reason" label="Reason" error={errorOf('decision.explanation')} help="The statement of reasons every case gets. Enter previews; Shift+Enter: new line.">
            <textarea id="bulk-reason" rows={3} value={form.explanation} maxLength={EXPLANATION_MAX} aria-required="true" onInput={(e) => set('explanation', e.currentTarget.value)} {...invalid('bulk-reason', errorOf('decision.explanation'))} />
          </Field>
          {formError && <p role="alert" class="form-error">{formError}</p>}
          <div class="button-row">
            <KeyedButton type="submit" class="primary" label="Preview" shortcut="Enter" disabled={busy} />
            <span class="muted key-help">Nothing is decided until you confirm.</span>
          </div>
        </section>
      </form>
      <div class="bulk-column" role="region" aria-label="Preview" tabIndex={0}>
        {preview && previewed ? (
          <PreviewResult preview={preview} form={previewed} headingRef={previewHeading} actionWord={actionWord} onConfirm={() => setConfirming(true)} />
        ) : (
          <section class="panel" aria-labelledby="bulk-preview-title">
            <h2 id="bulk-preview-title">3 · Preview</h2>
            <p class="muted">Choose the cases and the decision, then Preview (Enter in Reason): the count, the first cases and those left out, with why, show here. Nothing is decided until you confirm.</p>
          </section>
        )}
      </div>
      </div>
      {confirming && preview && previewed && (
        <ConfirmDialog preview={preview} form={previewed} busy={busy} onConfirm={apply} onClose={() => setConfirming(false)} />
      )}
    </div>
  );
}

/** The fields on screen for this form, as the API's paths name them. */
function shownFields(form: BulkForm): string[] {
  const selection = {
    fingerprint: ['selection.fingerprintOfCase'],
    ids: ['selection.caseIds'],
    reporter: ['selection.reporterId', 'selection.from', 'selection.to', 'selection.category'],
  }[form.mode];
  const decision = form.action === 'remove'
    ? ['decision.category', 'decision.ground', form.ground === 'illegal_content' ? 'decision.legalGround' : 'decision.policy', 'decision.explanation']
    : ['decision.explanation'];
  return [...selection, ...decision];
}

/** Enter in Reason previews, as Enter submits a decision; the ids box keeps Enter for new lines. */
function submitOnEnterInReason(event: KeyboardEvent) {
  const target = event.target;
  const submits = target instanceof HTMLSelectElement || (target instanceof HTMLTextAreaElement && target.id === 'bulk-reason');
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && submits) {
    event.preventDefault();
    (event.currentTarget as HTMLFormElement).requestSubmit();
  }
}

const invalid = (id: string, error: string | undefined) => (error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {});

function Field({ id, label, error, help, children }: { id: string; label: string; error: string | undefined; help?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {help && <p class="field-help">{help}</p>}
      {error && <p id={`${id}-error`} class="field-error">{error}</p>}
    </div>
  );
}

function decisionLine(form: BulkForm): string {
  if (form.action !== 'remove') return `No violation: ${form.explanation}`;
  const basis = [GROUND_LABELS[form.ground], form.ground === 'illegal_content' ? form.legalGround : form.policy].filter(Boolean).join(', ');
  return `Remove (${basis}${form.category ? `; ${categoryLabel(form.category)}` : ''}): ${form.explanation}`;
}

interface PreviewProps {
  preview: BulkPreview;
  form: BulkForm;
  headingRef: { current: HTMLHeadingElement | null };
  actionWord: string;
  onConfirm: () => void;
}

function PreviewResult({ preview, form, headingRef, actionWord, onConfirm }: PreviewProps) {
  const now = useNow(1000);
  const left = Date.parse(preview.expiresAt) - now;
  const count = plural(preview.eligible, 'case');
  return (
    <section class="panel preview" aria-labelledby="bulk-preview-title">
      <h2 id="bulk-preview-title" tabIndex={-1} ref={headingRef}>
        3 · Preview: {count} {form.action === 'remove' ? 'would be removed' : 'would be closed as “no violation”'}
        {preview.excluded.length > 0 && `, ${preview.excluded.length} left out`}
      </h2>
      <p class="decision-summary">{decisionLine(form)}</p>
      {preview.eligible > 0 && (
        <div class="button-row confirm-row">
          {left > 0 ? (
            <>
              <button type="button" class={form.action === 'remove' ? 'danger' : 'primary'} onClick={onConfirm}>{actionWord} {count}…</button>
              <span class="muted">This preview is good for {formatDuration(left / 1000, true)}.</span>
            </>
          ) : (
            <p class="note">This preview has expired: preview again.</p>
          )}
        </div>
      )}
      {preview.eligible === 0 ? (
        <p class="note">Nothing to decide: no selected case is eligible.</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="bulk-sample">
              <caption>{preview.sample.length < preview.eligible ? `The first ${preview.sample.length} of ${count}` : `All ${count}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Post</th>
                  <th scope="col">Category</th>
                  <th scope="col">Deadline</th>
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((item) => (
                  <tr key={item.caseId}>
                    <td class="nowrap"><Link href={casePath(item.caseId)}>Case {item.caseId.slice(0, 8)}</Link></td>
                    <td class="sample-text">{item.postText ?? <span class="muted">no text</span>}</td>
                    <td>{categoryLabel(item.category)}</td>
                    <td class="nowrap">{formatCountdown(Date.parse(item.dueAt) - now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {preview.excluded.length > 0 && (
        <div class="table-scroll">
          <table class="bulk-excluded">
            <caption>Left out, and why</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {preview.excluded.map((item) => (
                <tr key={item.caseId}>
                  <td>{item.why === 'not_found' ? <code>{item.caseId}</code> : <Link href={casePath(item.caseId)}><code>{item.caseId}</code></Link>}</td>
                  <td>{exclusionLabel(item.why)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ConfirmDialog({ preview, form, busy, onConfirm, onClose }: { preview: BulkPreview; form: BulkForm; busy: boolean; onConfirm: () => void; onClose: () => void }) {
  const back = useRef<HTMLButtonElement>(null);
  // The safe choice has the focus: confirming takes a deliberate move to the other button.
  useEffect(() => back.current?.focus(), []);
  const count = plural(preview.eligible, 'case');
  const removal = form.action === 'remove';
  return (
    <Modal role="alertdialog" labelledBy="bulk-confirm-title" class="confirm-dialog" onClose={onClose}>
      <h2 id="bulk-confirm-title">{removal ? `Remove ${count}?` : `Close ${count} as “no violation”?`}</h2>
      <p class="decision-summary">{decisionLine(form)}</p>
      {removal ? (
        <p>Each case gets this decision and statement of reasons. The removal orders are held for the grace period: until it ends you can cancel and the cases go back to the queue.</p>
      ) : (
        <p>Each case gets this decision and the reporters are told. This cannot be cancelled; reversal goes through appeals.</p>
      )}
      <div class="button-row">
        <button type="button" class={removal ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>{removal ? `Remove ${count}` : `Close ${count}`}</button>
        <button type="button" ref={back} onClick={onClose}>Back</button>
      </div>
    </Modal>
  );
}

// Polled this often while there is progress to show.
const POLL_MS = 1000;
const SETTLED_STATUSES = new Set(['done', 'cancelled']);

/**
 * A bulk decision after it was applied: its figures, polled until nothing moves any more, and, for a removal within
 * its grace period, a countdown and Cancel (z) — its cases go back to the queue and no order is sent.
 */
export function BulkProgressScreen({ bulkId }: { bulkId: string }) {
  const { announce, alert, clearNotices, reportError } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [view, setView] = useState<BulkView | null>(() => takeApplied(bulkId));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(500);
  const lastStatus = useRef<string | null>(view?.status ?? null);

  const refresh = () => {
    get<BulkView>(`/v1/bulk-decisions/${encodeURIComponent(bulkId)}`, { background: true }).then(
      (next) => {
        setView(next);
        setError(null);
      },
      (err) => {
        if (!isSessionEnd(err)) setError(describeError(err));
      },
    );
  };
  useEffect(() => {
    if (!view) refresh();
  }, []);
  const moving = view !== null && (!SETTLED_STATUSES.has(view.status) || view.removing > 0);
  useInterval(() => {
    if (moving) refresh();
  }, POLL_MS);

  // Status changes are said once each (the figures themselves change too often to be announced).
  useEffect(() => {
    if (!view || view.status === lastStatus.current) return;
    const was = lastStatus.current;
    lastStatus.current = view.status;
    if (was === 'pending' && view.status === 'done' && view.action === 'remove') announce('Grace period over: the removal orders were sent');
    else if (view.status === 'done') announce('Bulk decision done');
  }, [view?.status]);

  const cancellableUntil = view?.cancellableUntil ? Date.parse(view.cancellableUntil) : null;
  const inGrace = view !== null && view.action === 'remove' && view.status !== 'cancelled' && cancellableUntil !== null && cancellableUntil > now;

  const cancel = async () => {
    if (!view || busy) return;
    setBusy(true);
    clearNotices();
    try {
      const cancelled = await call<BulkView>('POST', `/v1/bulk-decisions/${encodeURIComponent(view.id)}/cancel`);
      if (cancelled) {
        lastStatus.current = cancelled.status;
        setView(cancelled);
      }
      announce(`Bulk removal cancelled: ${plural(cancelled?.cancelled ?? 0, 'case')} back in the queue, no removal order sent`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        alert(`Not cancelled: ${err.message}.`);
        refresh();
      } else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  useShortcuts({ z: inGrace && !busy ? cancel : undefined, Escape: () => navigate(QUEUE_PATH) });

  return (
    <div class="bulk-progress">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Bulk decision {bulkId.slice(0, 8)}</h1>
        <p class="back-link">
          <Link href={BULK_PATH}>New bulk decision</Link> · <Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd>
        </p>
      </div>
      {error && <p class="refresh-error">Could not refresh: {error}</p>}
      {!view ? (
        <p class="muted">Loading…</p>
      ) : (
        <>
          <section class="panel" aria-labelledby="bulk-status-title">
            <div class="section-head">
              <h2 id="bulk-status-title">{ACTION_LABELS[view.action] ?? view.action} · {plural(view.eligible, 'case')} previewed</h2>
              <span class="status-pill" data-status={view.status}>{BULK_STATUS_LABELS[view.status] ?? view.status}</span>
            </div>
            <p class="decision-summary">
              <strong>{ACTION_LABELS[view.decision.action] ?? view.decision.action}</strong>
              {view.decision.ground && ` (${[GROUND_LABELS[view.decision.ground], view.decision.legalGround ?? view.decision.policy].filter(Boolean).join(', ')})`}: {view.decision.explanation}
            </p>
            <p class="muted">Applied {view.appliedAt ? <Timestamp iso={view.appliedAt} /> : '—'}{view.cancelledAt && <> · cancelled <Timestamp iso={view.cancelledAt} /></>}</p>
            {view.action === 'remove' ? (
              <GracePanel view={view} now={now} inGrace={inGrace} busy={busy} onCancel={cancel} />
            ) : (
              <p class="note grace-over">“No violation” decisions are final: the reporters are told; reversal goes through appeals.</p>
            )}
          </section>
          <section class="panel" aria-labelledby="bulk-figures-title">
            <h2 id="bulk-figures-title">Progress</h2>
            {view.action === 'remove' && view.decided > 0 && view.status !== 'cancelled' && (
              <div class="progress-line">
                <label for="bulk-progress">Removals confirmed by the platform</label>
                <progress id="bulk-progress" max={view.decided - view.cancelled || 1} value={view.removed} />
                <span>{view.removed} of {view.decided - view.cancelled}</span>
              </div>
            )}
            <dl class="bulk-figures">
              <Figure label="Decided" value={view.decided} />
              <Figure label="No longer eligible" value={view.skipped} />
              {view.action === 'remove' && <Figure label="Awaiting the platform" value={view.removing} />}
              {view.action === 'remove' && <Figure label="Removed" value={view.removed} />}
              {view.action === 'remove' && <Figure label="Failed" value={view.failed} alarm={view.failed > 0} />}
              {view.action === 'remove' && <Figure label="Cancelled" value={view.cancelled} />}
            </dl>
          </section>
        </>
      )}
    </div>
  );
}

function Figure({ label, value, alarm = false }: { label: string; value: number; alarm?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd class={alarm ? 'late-figure' : undefined}>{value}</dd>
    </div>
  );
}

function GracePanel({ view, now, inGrace, busy, onCancel }: { view: BulkView; now: number; inGrace: boolean; busy: boolean; onCancel: () => void }) {
  if (view.status === 'cancelled') {
    return <p class="note grace-over">Cancelled: {plural(view.cancelled, 'case')} went back to the queue; no removal order was sent.</p>;
  }
  if (inGrace && view.cancellableUntil) {
    const left = (Date.parse(view.cancellableUntil) - now) / 1000;
    return (
      <div class="grace">
        <div role="timer" aria-label="Grace period" class="timer grace-timer">
          <span class="timer-name">Removal orders held</span> {formatDuration(left, true)} left to cancel
        </div>
        <KeyedButton label="Cancel bulk removal" shortcut="z" disabled={busy} onClick={onCancel} />
      </div>
    );
  }
  return <p class="note grace-over">Grace period over: the removal orders were sent. Reversal goes through appeals.</p>;
}
