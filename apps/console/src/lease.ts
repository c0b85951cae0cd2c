import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, hasSession, serverNow } from './api';

// At most one lease is held at a time: the case, appeal or second review on screen, by its API path ("/v1/cases/<id>").
let heldPath: string | null = null;

/** Gives the held case or appeal back to its queue, e.g. when leaving its screen or signing out. */
export async function releaseHeldLease(options: { keepalive?: boolean } = {}): Promise<void> {
  const path = heldPath;
  heldPath = null;
  if (!path || !hasSession()) return;
  try {
    await call('POST', `${path}/release`, undefined, options);
  } catch {
    // The lease runs out by itself within LEASE_SECONDS; nothing more can be done here.
  }
}

/** The lease ended on the server (decided, skipped, lost): nothing is left to release. */
export function forgetHeldLease(): void {
  heldPath = null;
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll'] as const;
const RENEW_EVERY_MS = 60_000;
// Renew this close to expiry even between regular renewals, so activity late in a short lease still counts.
const RENEW_MARGIN_MS = 5_000;

interface LeaseEvents {
  /** The lease ran out with no activity since it was last renewed; it has been released. */
  onIdle: () => void;
  /** The API says the lease is no longer ours (409). */
  onLost: (message: string) => void;
}

/**
 * Holds the lease while the moderator is active and returns its expiry (ms) for display: renewed every minute if
 * there was a keystroke, pointer move or scroll since the last renewal; released when it runs out without any, when
 * the screen goes away and when the page is left (keepalive, so the request outlives the page). `base` is the
 * collection the leased item is in: cases, appeals or second reviews (the same heartbeat and release routes below it).
 */
export function useLease(id: string, initialExpiresAt: string | null, events: LeaseEvents, base: '/v1/cases' | '/v1/appeals' | '/v1/second-reviews' = '/v1/cases'): number | null {
  const [expiresAt, setExpiresAt] = useState(initialExpiresAt ? Date.parse(initialExpiresAt) : null);
  const latestEvents = useRef(events);
  latestEvents.current = events;

  useEffect(() => {
    if (!initialExpiresAt) return;
    const path = `${base}/${id}`;
    heldPath = path;
    let expiry = Date.parse(initialExpiresAt);
    setExpiresAt(expiry);
    const renewEvery = Math.min(RENEW_EVERY_MS, Math.max(expiry - serverNow(), 2_000) / 2);
    let lastRenewal = serverNow();
    let lastActivity = 0;
    let renewing = false;

    const noteActivity = () => {
      lastActivity = serverNow();
    };
    const renew = async () => {
      renewing = true;
      lastRenewal = serverNow();
      try {
        const lease = await call<{ leaseExpiresAt: string }>('POST', `${path}/heartbeat`);
        if (lease) {
          expiry = Date.parse(lease.leaseExpiresAt);
          setExpiresAt(expiry);
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && heldPath === path) {
          heldPath = null;
          latestEvents.current.onLost(err.message);
        }
      } finally {
        renewing = false;
      }
    };
    const check = () => {
      if (renewing || heldPath !== path) return;
      const now = serverNow();
      const activeSinceRenewal = lastActivity > lastRenewal;
      if (activeSinceRenewal && (now - lastRenewal >= renewEvery || expiry - now <= RENEW_MARGIN_MS)) void renew();
      else if (!activeSinceRenewal && now >= expiry) {
        void releaseHeldLease();
        latestEvents.current.onIdle();
      }
    };
    const leavePage = () => void releaseHeldLease({ keepalive: true });

    const timer = setInterval(check, 1000);
    ACTIVITY_EVENTS.forEach((type) => document.addEventListener(type, noteActivity, { capture: true, passive: true }));
    addEventListener('pagehide', leavePage);
    return () => {
      clearInterval(timer);
      ACTIVITY_EVENTS.forEach((type) => document.removeEventListener(type, noteActivity, { capture: true }));
      removeEventListener('pagehide', leavePage);
      if (heldPath === path) void releaseHeldLease({ keepalive: true });
    };
  }, [id, initialExpiresAt]);

  return expiresAt;
}
