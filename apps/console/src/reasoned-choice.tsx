import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { useConsole } from './console-context';
import { moveAlongToolbar } from './decision-toolbar';
import { KeyedButton } from './keyed-button';
import { forgetHeldLease, releaseHeldLease } from './lease';
import { REASON_MAX } from './quality';
import { ReasonForm } from './reason-form';

interface Options<C extends string> {
  /** The toolbar button of a choice, where the focus goes back when its form closes. */
  buttonId: (choice: C) => string;
  /** Records the choice with its reason; what it returns is announced. */
  record: (choice: C, reason: string) => Promise<string>;
  /** Said when the API refused it because the lease is gone (409): "The verdict was not recorded". */
  notRecorded: string;
  /** Said when the item is given back: "Disagreement released". */
  released: string;
  onNext: () => Promise<void>;
  onLeft: () => void;
}

/**
 * A leased item settled by one of a few choices, each with a reason (a second review: remove or no violation; a
 * disagreement: the first or the second decision was right): the open form, the reason and its field error, the
 * API's 400 (shown at the field) and 409 (the lease is gone: say so and claim the next), and giving the item back.
 */
export function useReasonedChoice<C extends string>(o: Options<C>) {
  const { announce, alert, clearNotices, reportError } = useConsole();
  const [choice, setChoice] = useState<C | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const openForm = (chosen: C) => {
    setChoice(chosen);
    setReasonError(null);
    setFormError(null);
  };

  const closeForm = () => {
    if (!choice) return;
    document.getElementById(o.buttonId(choice))?.focus();
    setChoice(null);
    setReasonError(null);
    setFormError(null);
  };

  const submit = async () => {
    if (!choice || busy) return;
    setBusy(true);
    setFormError(null);
    setReasonError(null);
    try {
      const said = await o.record(choice, reason);
      forgetHeldLease();
      clearNotices();
      announce(said);
      await o.onNext();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const errors = err.body.errors ?? [];
        const onReason = errors.filter((e) => e.path === 'reason').map((e) => e.message).join(' ');
        setReasonError(onReason || null);
        setFormError(onReason ? null : errors.map((e) => `${e.path} ${e.message}`).join(' ') || err.message);
      } else if (err instanceof ApiError && err.status === 409) {
        forgetHeldLease();
        clearNotices();
        alert(`${o.notRecorded}: ${err.message}.`);
        await o.onNext();
      } else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const release = async () => {
    if (busy) return;
    await releaseHeldLease();
    clearNotices();
    announce(o.released);
    o.onLeft();
  };

  return { choice, reason, setReason, reasonError, formError, busy, openForm, closeForm, submit, release };
}

export type ReasonedChoice<C extends string> = ReturnType<typeof useReasonedChoice<C>>;

interface PanelProps<C extends string> {
  state: ReasonedChoice<C>;
  /** The panel's heading and the toolbar's name: "Your decision" / "Decision". */
  heading: string;
  toolbarLabel: string;
  intro?: ComponentChildren;
  choices: { value: C; label: string; shortcut: string; buttonId: string; formTitle: string }[];
  /** The reason box's id (fixed per screen). */
  reasonId: string;
  /** What recording does, said under the reason. */
  effect: string;
}

/** The choices as a toolbar with their keys and Release, and the open choice's reason form: Submit & next. */
export function ChoicePanel<C extends string>({ state, heading, toolbarLabel, intro, choices, reasonId, effect }: PanelProps<C>) {
  const open = choices.find((c) => c.value === state.choice);
  const titleId = `${reasonId}-panel-title`;
  return (
    <section class="panel decide" aria-labelledby={titleId}>
      <h2 id={titleId}>{heading}</h2>
      {intro}
      <div role="toolbar" aria-label={toolbarLabel} class="toolbar" onKeyDown={moveAlongToolbar}>
        {choices.map((c) => (
          <KeyedButton key={c.value} id={c.buttonId} label={c.label} shortcut={c.shortcut} aria-expanded={state.choice === c.value} onClick={() => state.openForm(c.value)} />
        ))}
        <KeyedButton label="Release" shortcut="Escape" hint="Esc" onClick={state.release} />
      </div>
      {open && (
        <ReasonForm
          id={reasonId}
          title={open.formTitle}
          effect={effect}
          value={state.reason}
          max={REASON_MAX}
          error={state.reasonError}
          formError={state.formError}
          busy={state.busy}
          submitLabel="Submit & next"
          onChange={state.setReason}
          onSubmit={state.submit}
          onCancel={state.closeForm}
        />
      )}
    </section>
  );
}
