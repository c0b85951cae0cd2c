import { useState } from 'preact/hooks';
import { ApiError, call } from './api';
import { useConsole } from './console-context';
import { KeyedButton } from './keyed-button';
import { Timestamp } from './timestamp';
import type { CaseNote, Principal } from './types';

export const NOTE_MAX = 4000;
/** The note box, focused by the case screen's key (i). */
export const NOTE_BOX_ID = 'case-note-text';
const NOTES_TITLE_ID = 'notes-title';

const ROLE_LABELS: Record<string, string> = { moderator: 'Moderator', senior: 'Senior', admin: 'Admin' };

/** "You", or the author's name and role (the role and the id's first characters when the principal has no name). */
function authorOf(note: CaseNote, principal: Principal): string {
  if (note.authorId === principal.id) return 'You';
  const role = ROLE_LABELS[note.authorRole] ?? note.authorRole;
  return note.authorName ? `${note.authorName} · ${role.toLowerCase()}` : `${role} ${note.authorId.slice(0, 8)}`;
}

/**
 * Internal notes on the case, oldest first, and a box to add one (Enter adds, Shift+Enter: new line, Esc leaves the
 * box and keeps what was typed). Moderators and seniors only: never sent to reporters or the post's author.
 */
export function CaseNotes({ caseId, notes, onAdded }: { caseId: string; notes: CaseNote[]; onAdded: (note: CaseNote) => void }) {
  const { principal, announce, reportError } = useConsole();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (event?: Event) => {
    event?.preventDefault();
    if (busy) return;
    if (text.trim() === '') {
      setError('Write the note first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const note = await call<CaseNote>('POST', `/v1/cases/${encodeURIComponent(caseId)}/notes`, { text });
      if (note) onAdded(note);
      setText('');
      announce('Internal note added');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setError((err.body.errors ?? []).map((e) => e.message).join(' ') || err.message);
      else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      void add(event);
    } else if (event.key === 'Escape') {
      // Out of the box, not out of the case: the decision form's Esc must not fire from here.
      event.preventDefault();
      document.getElementById(NOTES_TITLE_ID)?.focus();
    }
  };

  return (
    <section class="panel notes" aria-labelledby={NOTES_TITLE_ID}>
      <div class="section-head">
        <h2 id={NOTES_TITLE_ID} tabIndex={-1}>Internal notes</h2>
        <span class="internal-tag">Moderators and seniors only — never sent to reporters</span>
      </div>
      {notes.length === 0 ? (
        <p class="muted">No notes yet.</p>
      ) : (
        <ol class="note-list">
          {notes.map((note) => (
            <li key={note.id}>
              <p class="note-meta"><strong>{authorOf(note, principal)}</strong> · <Timestamp iso={note.createdAt} /></p>
              <p class="note-text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form class="note-form" aria-label="New internal note" noValidate onSubmit={add}>
        <label for={NOTE_BOX_ID}>Add an internal note</label>
        <textarea
          id={NOTE_BOX_ID}
          rows={2}
          value={text}
          maxLength={NOTE_MAX}
          aria-keyshortcuts="i"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${NOTE_BOX_ID}-error` : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        {error && <p id={`${NOTE_BOX_ID}-error`} class="field-error">{error}</p>}
        <div class="button-row">
          <KeyedButton type="submit" label="Add note" shortcut="Enter" disabled={busy} />
          <span class="muted key-help"><kbd>i</kbd> to write a note · <kbd>Esc</kbd> leaves the box</span>
        </div>
      </form>
    </section>
  );
}
