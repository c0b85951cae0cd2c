import { useRef, useState } from 'preact/hooks';
import { call, describeError, get, isSessionEnd } from './api';
import { useConsole } from './console-context';
import type { Page } from './types';

interface Options<T> {
  /** The list's route, read again by `load`. */
  listPath: string;
  /** A background read: a failure here is shown in the list, not as an alert. */
  background?: boolean;
  idOf: (item: T) => string;
  /** The retry route of an item, and what is announced once it is accepted. */
  retryPathOf: (id: string) => string;
  retried: string;
  /** Read the list again after a retry (the next failures may have been waiting past the page). */
  reloadAfterRetry?: boolean;
}

/**
 * A seniors' list of orders the platform never confirmed (removals, restores), each with a retry: the page, its load
 * error, and a retry that takes the row away and moves the focus to the list's heading (the row's button is gone).
 */
export function useRetryList<T>(o: Options<T>) {
  const { announce, clearNotices, reportError } = useConsole();
  const heading = useRef<HTMLHeadingElement>(null);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A guard rather than a disabled button: disabling the focused button would drop the focus to <body>.
  const retrying = useRef(false);

  const load = () => {
    get<Page<T>>(o.listPath, { background: o.background }).then(
      (next) => {
        setPage(next);
        setLoadError(null);
      },
      (err) => {
        if (!isSessionEnd(err)) setLoadError(describeError(err));
      },
    );
  };

  const retry = async (id: string) => {
    if (retrying.current) return;
    retrying.current = true;
    clearNotices();
    try {
      await call('POST', o.retryPathOf(id));
      announce(o.retried);
      setPage((current) => current && { ...current, items: current.items.filter((item) => o.idOf(item) !== id) });
      heading.current?.focus();
      if (o.reloadAfterRetry) load();
    } catch (err) {
      reportError(err);
    } finally {
      retrying.current = false;
    }
  };

  return { heading, page, loadError, load, retry };
}
