import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import type { Preferences } from './types';

// Until the preferences arrive (or if they cannot be read) the protective defaults apply: blurred, grayscale.
const DEFAULTS: Preferences = { blurViolent: true, grayscaleMedia: true };

export function usePreferences(): Preferences {
  const [preferences, setPreferences] = useState(DEFAULTS);
  useEffect(() => {
    get<Preferences>('/v1/me/preferences').then(setPreferences, () => {});
  }, []);
  return preferences;
}
