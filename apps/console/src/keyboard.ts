import { useLayoutEffect, useRef } from 'preact/hooks';

/** Handlers by key: a single character in lower case ('c', '?', '1') or a key name ('Escape'). */
export type Shortcuts = Record<string, (() => void) | undefined>;

const TEXT_INPUT_TYPES = new Set(['text', 'password', 'search', 'email', 'url', 'tel', 'number', 'date', 'datetime-local', 'month', 'time', 'week']);

/** Where a letter is meant as typing, not as a command. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/** A modal dialog owns the keyboard while it is open. */
function isModalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

function keyOf(event: KeyboardEvent): string {
  // Caps Lock must not turn 'r' into a key nobody listens for.
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

/**
 * Single keys act only outside text fields and without Ctrl/Meta/Alt (so browser and OS shortcuts keep working);
 * Escape acts everywhere, because it is how a moderator leaves a text field's form.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  // Before the screen is painted, not after (useEffect): a key pressed the moment a screen appears still counts.
  useLayoutEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || isModalOpen()) return;
      const key = keyOf(event);
      if (key !== 'Escape' && (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target))) return;
      const handler = current.current[key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
