import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Preferences, Principal } from './types';

/** What every signed-in screen may use from the shell around it. */
export interface ConsoleContextValue {
  principal: Principal;
  warnAtFraction: number;
  preferences: Preferences;
  /** Adds a polite role="status" message; it stays until the next command clears the notices. */
  announce(text: string): void;
  /** Shows a role="alert" message (replacing an earlier alert). */
  alert(text: string): void;
  clearNotices(): void;
  /** Alerts the error, except the end of the session, which the sign-in screen reports. */
  reportError(err: unknown): void;
  /** Claims the next case and opens it, or returns to the overview saying the queue is empty. */
  claimNext(): Promise<void>;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole() is only for screens inside the console shell');
  return value;
}
