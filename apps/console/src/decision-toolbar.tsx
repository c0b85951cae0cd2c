import { KeyedButton } from './keyed-button';
import { ACTION_LABELS } from './labels';
import type { DecisionAction } from './types';

export const actionButtonId = (action: DecisionAction) => `action-${action}`;

const ACTION_KEYS: Record<DecisionAction, string> = { remove: 'r', no_violation: 'n', escalate: 'e' };

interface DecisionToolbarProps {
  /** Cases on the senior tier cannot be escalated further. */
  canEscalate: boolean;
  /** The action whose form is open, if any. */
  openAction: DecisionAction | null;
  onChoose: (action: DecisionAction) => void;
  onSkip: () => void;
}

// Arrow keys move between the buttons, as in any ARIA toolbar.
export function moveAlongToolbar(event: KeyboardEvent) {
  if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
  const buttons = [...(event.currentTarget as HTMLElement).querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[(at + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length];
  event.preventDefault();
  next?.focus();
}

export function DecisionToolbar({ canEscalate, openAction, onChoose, onSkip }: DecisionToolbarProps) {
  const actions: DecisionAction[] = canEscalate ? ['remove', 'no_violation', 'escalate'] : ['remove', 'no_violation'];
  return (
    <div role="toolbar" aria-label="Decision" class="toolbar" onKeyDown={moveAlongToolbar}>
      {actions.map((action) => (
        <KeyedButton
          key={action}
          id={actionButtonId(action)}
          label={ACTION_LABELS[action]}
          shortcut={ACTION_KEYS[action]}
          aria-expanded={openAction === action}
          onClick={() => onChoose(action)}
        />
      ))}
      <KeyedButton label="Skip" shortcut="s" onClick={onSkip} />
    </div>
  );
}
