import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Focuses the element once it is mounted. Every screen does this with its <h1> (tabindex -1) so that after a
 * screen change keyboard and screen-reader users start at the new screen, never on <body>: before the first paint,
 * so there is no frame in which the focus is nowhere.
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
