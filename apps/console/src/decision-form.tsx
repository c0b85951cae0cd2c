import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { EXPLANATION_MAX, type DecisionDraft } from './decision-draft';
import { KeyedButton } from './keyed-button';
import { ACTION_LABELS, CATEGORY_KEYS, categoryLabel, GROUND_LABELS } from './labels';
import type { DecisionGround, FieldError, ReasonTemplate } from './types';

type FieldName = 'category' | 'ground' | 'legalGround' | 'policy' | 'explanation';

// Ids are fixed: there is one decision form per page, and the API's errors[].path maps onto them.
const FIELD_IDS: Record<FieldName, string> = {
  category: 'decision-category',
  ground: 'decision-ground',
  legalGround: 'decision-law',
  policy: 'decision-clause',
  explanation: 'decision-reason',
};

/** The fields on screen for this draft, in form order. */
export function fieldsShown(draft: DecisionDraft): FieldName[] {
  if (draft.action !== 'remove') return ['explanation'];
  return ['category', 'ground', draft.ground === 'illegal_content' ? 'legalGround' : 'policy', 'explanation'];
}

interface DecisionFormProps {
  draft: DecisionDraft;
  /** The form's heading; the action's label unless given (an appeal's outcome). */
  title?: string;
  /**
   * A "no violation" can mark the notice manifestly unfounded (DSA Art. 23): only a case's own decision on a notice
   * (an appeal's outcome does not carry it).
   */
  offerManifestlyUnfounded?: boolean;
  /** The templates of the draft's action, numbered 1–9 in this order; none offered when absent. */
  templates?: ReasonTemplate[];
  /** From the API's last 400, shown beside the fields they name. */
  errors: FieldError[];
  /** What the API said that belongs to no field on screen. */
  formError: string | null;
  onChange: (draft: DecisionDraft) => void;
  onApplyTemplate: (template: ReasonTemplate) => void;
  onSubmit: () => void;
  onCancel: () => void;
}

export function DecisionForm({ draft, title = ACTION_LABELS[draft.action], offerManifestlyUnfounded = false, templates, errors, formError, onChange, onApplyTemplate, onSubmit, onCancel }: DecisionFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const shown = fieldsShown(draft);

  // Opening the form (or switching its action) puts the focus on its first field, ready to type.
  useEffect(() => {
    document.getElementById(FIELD_IDS[shown[0]])?.focus();
  }, [draft.action]);

  // After a 400 the focus goes to the first field the API rejected.
  useEffect(() => {
    const firstInvalid = shown.find((field) => errors.some((e) => e.path === field));
    if (firstInvalid) document.getElementById(FIELD_IDS[firstInvalid])?.focus();
  }, [errors]);

  const set = <K extends keyof DecisionDraft>(field: K, value: DecisionDraft[K]) => onChange({ ...draft, [field]: value });
  const errorOf = (field: FieldName) => errors.filter((e) => e.path === field).map((e) => e.message).join(' ') || undefined;
  const invalid = (field: FieldName) => (errorOf(field) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${FIELD_IDS[field]}-error` } : {});

  const onKeyDown = (event: KeyboardEvent) => {
    // Alt+number picks a template even while typing; the code, not the key, because Alt changes the character on macOS.
    const digit = /^Digit([1-9])$/.exec(event.code);
    if (digit && event.altKey && !event.ctrlKey && !event.metaKey) {
      const template = templates?.[Number(digit[1]) - 1];
      if (template) {
        event.preventDefault();
        onApplyTemplate(template);
      }
      return;
    }
    // Inputs submit on Enter by themselves; the Reason textarea and the selects are made to as well (Shift+Enter: new line).
    const target = event.target;
    const checkbox = target instanceof HTMLInputElement && target.type === 'checkbox';
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || checkbox)) {
      event.preventDefault();
      form.current?.requestSubmit();
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    // noValidate: the API validates, and its messages are shown beside the fields (the browser's bubbles would hide them).
    <form ref={form} aria-label="Decision" class="decision-form" noValidate onSubmit={submit} onKeyDown={onKeyDown}>
      <h3 class="form-title">{title}</h3>
      {draft.action === 'remove' && (
        <div class="field-row">
          <Field id={FIELD_IDS.category} label="Category" error={errorOf('category')}>
            <select id={FIELD_IDS.category} value={draft.category} onChange={(e) => set('category', e.currentTarget.value)} {...invalid('category')}>
              {CATEGORY_KEYS.map((key) => <option key={key} value={key}>{categoryLabel(key)}</option>)}
            </select>
          </Field>
          <Field id={FIELD_IDS.ground} label="Ground" error={errorOf('ground')}>
            <select id={FIELD_IDS.ground} value={draft.ground} onChange={(e) => set('ground', e.currentTarget.value as DecisionGround)} {...invalid('ground')}>
              {(Object.keys(GROUND_LABELS) as DecisionGround[]).map((ground) => <option key={ground} value={ground}>{GROUND_LABELS[ground]}</option>)}
            </select>
          </Field>
        </div>
      )}
      {shown.includes('legalGround') && (
        <Field id={FIELD_IDS.legalGround} label="Law" error={errorOf('legalGround')}>
          <input id={FIELD_IDS.legalGround} type="text" value={draft.legalGround} maxLength={500} aria-required="true" placeholder="e.g. StGB §111" onInput={(e) => set('legalGround', e.currentTarget.value)} {...invalid('legalGround')} />
        </Field>
      )}
      {shown.includes('policy') && (
        <Field id={FIELD_IDS.policy} label="Terms clause" error={errorOf('policy')}>
          <input id={FIELD_IDS.policy} type="text" value={draft.policy} maxLength={500} aria-required="true" placeholder="e.g. Community rules §3" onInput={(e) => set('policy', e.currentTarget.value)} {...invalid('policy')} />
        </Field>
      )}
      <Field id={FIELD_IDS.explanation} label="Reason" error={errorOf('explanation')}>
        <textarea id={FIELD_IDS.explanation} rows={4} value={draft.explanation} maxLength={EXPLANATION_MAX} aria-required="true" onInput={(e) => set('explanation', e.currentTarget.value)} {...invalid('explanation')} />
        <p class={draft.explanation.length > EXPLANATION_MAX ? 'char-count over' : 'char-count'}>
          {draft.explanation.length} / {EXPLANATION_MAX} characters{draft.explanation.length > EXPLANATION_MAX && ': too long'}
        </p>
      </Field>
      {offerManifestlyUnfounded && draft.action === 'no_violation' && (
        <div class="field check-field">
          <input id="decision-unfounded" type="checkbox" checked={draft.manifestlyUnfounded === true} aria-describedby="decision-unfounded-help" onChange={(e) => set('manifestlyUnfounded', e.currentTarget.checked)} />
          <label for="decision-unfounded">Notice manifestly unfounded (DSA Art. 23)</label>
          <p id="decision-unfounded-help" class="muted check-help">Counts against the notifier's reliability. Space ticks it.</p>
        </div>
      )}
      {templates && <TemplateList templates={templates} action={title} onApply={onApplyTemplate} />}
      {formError && <p role="alert" class="form-error">{formError}</p>}
      <div class="button-row">
        <KeyedButton type="submit" class="primary" label="Submit" shortcut="Enter" />
        <KeyedButton label="Cancel" shortcut="Escape" hint="Esc" onClick={onCancel} />
      </div>
    </form>
  );
}

function Field({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {error && <p id={`${id}-error`} class="field-error">{error}</p>}
    </div>
  );
}

function TemplateList({ templates, action, onApply }: { templates: ReasonTemplate[]; action: string; onApply: (template: ReasonTemplate) => void }) {
  return (
    <div class="templates">
      {/* Titled by its heading but not named by it: a list named "Reason templates" would also answer to the label "Reason". */}
      <h4>Reason templates</h4>
      {templates.length === 0 ? (
        <p class="muted">None for {action}.</p>
      ) : (
        <ol class="template-list">
          {templates.map((template, i) => (
            <li key={template.id}>
              <button type="button" aria-keyshortcuts={i < 9 ? `${i + 1} Alt+${i + 1}` : undefined} onClick={() => onApply(template)}>
                {i < 9 && <kbd>{i + 1}</kbd>} {template.title}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
