import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { screen: 'queue' }
  | { screen: 'case'; caseId: string }
  | { screen: 'appeals' }
  | { screen: 'appeal'; appealId: string }
  | { screen: 'capacity' }
  | { screen: 'second-reviews' }
  | { screen: 'disagreements' }
  | { screen: 'bulk' }
  | { screen: 'bulk-progress'; bulkId: string }
  | { screen: 'not-found' };

export const QUEUE_PATH = '/console';
export const casePath = (caseId: string) => `${QUEUE_PATH}/cases/${encodeURIComponent(caseId)}`;
export const APPEALS_PATH = `${QUEUE_PATH}/appeals`;
export const appealPath = (appealId: string) => `${APPEALS_PATH}/${encodeURIComponent(appealId)}`;
export const CAPACITY_PATH = `${QUEUE_PATH}/capacity`;
export const SECOND_REVIEWS_PATH = `${QUEUE_PATH}/second-reviews`;
export const DISAGREEMENTS_PATH = `${QUEUE_PATH}/disagreements`;
export const BULK_PATH = `${QUEUE_PATH}/bulk`;
export const bulkPath = (bulkId: string) => `${BULK_PATH}/${encodeURIComponent(bulkId)}`;
/** The bulk screen, selecting by the fingerprint (the post's text) of this case. */
export const bulkPathFor = (caseId: string) => `${BULK_PATH}?case=${encodeURIComponent(caseId)}`;

export function routeOf(path: string): Route {
  if (path === QUEUE_PATH || path === `${QUEUE_PATH}/`) return { screen: 'queue' };
  if (path === APPEALS_PATH || path === `${APPEALS_PATH}/`) return { screen: 'appeals' };
  if (path === CAPACITY_PATH || path === `${CAPACITY_PATH}/`) return { screen: 'capacity' };
  if (path === SECOND_REVIEWS_PATH || path === `${SECOND_REVIEWS_PATH}/`) return { screen: 'second-reviews' };
  if (path === DISAGREEMENTS_PATH || path === `${DISAGREEMENTS_PATH}/`) return { screen: 'disagreements' };
  if (path === BULK_PATH || path === `${BULK_PATH}/`) return { screen: 'bulk' };
  const bulk = /^\/console\/bulk\/([^/]+)\/?$/.exec(path);
  if (bulk) return { screen: 'bulk-progress', bulkId: decodeURIComponent(bulk[1]) };
  const match = /^\/console\/(cases|appeals)\/([^/]+)\/?$/.exec(path);
  if (!match) return { screen: 'not-found' };
  const id = decodeURIComponent(match[2]);
  return match[1] === 'cases' ? { screen: 'case', caseId: id } : { screen: 'appeal', appealId: id };
}

// pushState fires no event of its own, so the components following the path are told here.
const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path === location.pathname + location.search) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
}

interface ScreenLocation {
  path: string;
  /** Counts screen changes, so going to the same path again (the same case claimed again) opens a fresh screen. */
  visit: number;
}

export function useLocation(): ScreenLocation {
  const [current, setCurrent] = useState<ScreenLocation>({ path: location.pathname, visit: 0 });
  useEffect(() => {
    const update = () => setCurrent((previous) => ({ path: location.pathname, visit: previous.visit + 1 }));
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return current;
}

/**
 * An in-app link: a plain click changes screen without a reload; modified clicks keep the browser's meaning (new tab…).
 * `keyshortcuts`: the screen's key that follows it too (aria-keyshortcuts).
 */
export function Link({ href, class: className, keyshortcuts, children }: { href: string; class?: string; keyshortcuts?: string; children: ComponentChildren }) {
  const follow = (event: MouseEvent) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} class={className} aria-keyshortcuts={keyshortcuts} onClick={follow}>{children}</a>;
}
