import { useState } from 'preact/hooks';
import { describeError } from './api';
import { useFocusOnMount } from './focus';
import { signIn } from './session';
import type { Session } from './types';

/** notice: why the moderator is here again (the session ended), replaced by the error of a failed attempt. */
export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (session: Session) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyInput = useFocusOnMount<HTMLInputElement>();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const key = apiKey;
    // The key leaves the page's state at once: it lives only in the one request that exchanges it for a session.
    setApiKey('');
    setBusy(true);
    try {
      onSignedIn(await signIn(key));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
      keyInput.current?.focus();
    }
  };

  const message = error ?? notice;
  return (
    <main class="sign-in">
      <h1>Sign in to docket</h1>
      {message && <p role="alert" class={error ? 'form-error' : 'note'}>{message}</p>}
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input ref={keyInput} id="api-key" type="password" value={apiKey} autocomplete="off" spellcheck={false} onInput={(e) => setApiKey(e.currentTarget.value)} />
        <button type="submit" class="primary">Sign in</button>
      </form>
    </main>
  );
}
