import type { ButtonHTMLAttributes } from 'preact';

interface KeyedButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'aria-keyshortcuts' | 'children'> {
  /** The visible word, and the accessible name. */
  label: string;
  /** The key as aria-keyshortcuts spells it ("r", "Enter", "Escape"). */
  shortcut: string;
  /** The key as shown, when it differs ("Esc"). */
  hint?: string;
}

/**
 * A button with its shortcut key shown over its right edge. The <kbd> sits beside the button element, not inside:
 * inside, the visible text ("Remove r") would no longer match the accessible name ("Remove") as WCAG 2.5.3 asks.
 */
export function KeyedButton({ label, shortcut, hint = shortcut, ...button }: KeyedButtonProps) {
  return (
    <span class={hint.length > 1 ? 'keyed long-hint' : 'keyed'}>
      <button type="button" {...button} aria-label={label} aria-keyshortcuts={shortcut}>{label}</button>
      <kbd aria-hidden="true">{hint}</kbd>
    </span>
  );
}
