import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { KeyedButton } from './keyed-button';

interface ReasonFormProps {
  /** Fixed per screen: the textarea's id, and the prefix of its error's. */
  id: string;
  title: string;
  /** What submitting does, said under the field. */
  effect?: ComponentChildren;
  value: string;
  max: number;
  /** The API's message for the reason (a 400), shown beside it. */
  error: string | null;
  /** What the API said that belongs to no field. */
  formError: string | null;
  busy: boolean;
  submitLabel?: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
}

/**
 * A decision that needs only its reasons (a second review, a disagreement settled): Reason gets the focus when the
 * form opens; Enter submits (Shift+Enter: new line); Esc, handled by the screen, closes it.
 */
export function ReasonForm({ id, title, effect, value, max, error, formError, busy, submitLabel = 'Submit', onChange, onSubmit, onCancel }: ReasonFormProps) {
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.getElementById(id)?.focus();
  }, [title]);

  useEffect(() => {
    if (error) document.getElementById(id)?.focus();
  }, [error]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      form.current?.requestSubmit();
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <form ref={form} aria-label={title} class="decision-form" noValidate onSubmit={submit} onKeyDown={onKeyDown}>
      <h3 class="form-title">{title}</h3>
      <div class="field">
        <label for={id}>Reason</label>
        <textarea
          id={id}
          rows={4}
          value={value}
          maxLength={max}
          aria-required="true"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
        <p class={value.length > max ? 'char-count over' : 'char-count'}>{value.length} / {max} characters</p>
        {error && <p id={`${id}-error`} class="field-error">{error}</p>}
      </div>
      {effect && <p class="outcome-effect">{effect}</p>}
      {formError && <p role="alert" class="form-error">{formError}</p>}
      <div class="button-row">
        <KeyedButton type="submit" class="primary" label={submitLabel} shortcut="Enter" disabled={busy} />
        <KeyedButton label="Cancel" shortcut="Escape" hint="Esc" onClick={onCancel} />
      </div>
    </form>
  );
}
