import { useEffect, useRef, useState } from 'preact/hooks';
import { serverNow } from './api';

/** The server's current time in ms, re-rendering the caller every intervalMs (countdowns, elapsed times). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Runs the latest callback every intervalMs; the callback may change between renders without restarting the timer. */
export function useInterval(callback: () => void, intervalMs: number): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
}
