import { useCallback, useEffect, useState } from 'preact/hooks';
import { get } from './api';
import { useInterval } from './clock';
import type { Exposure } from './types';

const REFRESH_MS = 60_000;

/** The moderator's exposure to harmful content, read every minute and on demand (after each claim). */
export function useExposure(): [Exposure | null, () => void] {
  const [exposure, setExposure] = useState<Exposure | null>(null);
  const refresh = useCallback(() => {
    // A failed reading keeps the last one: the wellness figures are advisory and must not interrupt the work.
    get<Exposure>('/v1/me/exposure', { background: true }).then(setExposure, () => {});
  }, []);
  useEffect(refresh, [refresh]);
  useInterval(refresh, REFRESH_MS);
  return [exposure, refresh];
}
