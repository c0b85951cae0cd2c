import { useEffect, useRef, useState } from 'preact/hooks';

/** The current time in ms, re-rendering the caller every intervalMs (countdowns, elapsed times). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
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
