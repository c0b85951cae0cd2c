import { Modal } from './modal';

const SHORTCUTS: [keys: string[], what: string][] = [
  [['c'], 'Claim the next case'],
  [['r'], 'Remove'],
  [['n'], 'No violation'],
  [['e'], 'Escalate to senior'],
  [['s'], 'Skip the case'],
  [['Enter'], 'Submit the decision (Shift+Enter: new line in Reason)'],
  [['Esc'], 'Close the decision form or this dialog; leave an appeal or a second review (giving it back); leave the note box'],
  [['a'], 'Appeals (from the queue; c there claims the next appeal)'],
  [['p'], 'Capacity: the alarm, the last 7 days, moderators needed (from the queue; seniors and admins)'],
  [['q'], 'Second reviews (from the queue; c there claims the next, decided blind with r or n)'],
  [['d'], 'Disagreements (from the queue; seniors; c there claims the next to settle)'],
  [['f', 's'], 'On a disagreement: the first decision was right / the second review was'],
  [['x'], 'Bulk decision (from the queue, or by this text from a case; seniors)'],
  [['z'], 'Cancel a bulk removal in its grace period'],
  [['i'], 'Write an internal note on the case'],
  [['u'], 'Uphold the appeal'],
  [['o'], 'Overturn the appeal'],
  [['j', 'k'], 'Next / previous report'],
  [['b'], 'Reveal or blur violent content'],
  [['1–9'], 'Fill a reason template (Alt+number inside a text field)'],
  [['?'], 'Show these shortcuts'],
];

export function CheatSheet({ onClose }: { onClose: () => void }) {
  return (
    <Modal role="dialog" labelledBy="cheat-sheet-title" class="cheat-sheet" onClose={onClose}>
      <h2 id="cheat-sheet-title">Keyboard shortcuts</h2>
      <p class="muted">Letters and numbers act when the focus is not in a text field.</p>
      <dl class="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what}>
            <dt>{keys.map((key, i) => [i > 0 && ' / ', <kbd key={key}>{key}</kbd>])}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>Close</button>
    </Modal>
  );
}
