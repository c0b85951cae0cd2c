import { useEffect, useState } from 'preact/hooks';
import { describeError, onSessionEnded } from './api';
import { ConsoleShell } from './console-shell';
import { resumeSession } from './session';
import { SignIn } from './sign-in';
import type { Session } from './types';

const SESSION_ENDED = 'Your session has ended; sign in again.';

type Auth = { status: 'checking' } | { status: 'signed-out'; notice: string | null } | { status: 'signed-in'; session: Session };

/**
 * Signed in or not. When the API ends the session the URL is left as it was, so signing in again comes back to the
 * same screen (and the case screen finds its unsent decision in memory).
 */
export function App() {
  const [auth, setAuth] = useState<Auth>({ status: 'checking' });

  useEffect(() => {
    onSessionEnded(() => setAuth({ status: 'signed-out', notice: SESSION_ENDED }));
    resumeSession().then(
      (session) => setAuth(session ? { status: 'signed-in', session } : { status: 'signed-out', notice: null }),
      (err) => setAuth({ status: 'signed-out', notice: describeError(err) }),
    );
  }, []);

  switch (auth.status) {
    case 'checking':
      return <main aria-busy="true" class="checking"><p class="muted">Loading…</p></main>;
    case 'signed-out':
      return <SignIn notice={auth.notice} onSignedIn={(session) => setAuth({ status: 'signed-in', session })} />;
    case 'signed-in':
      return <ConsoleShell session={auth.session} onSignedOut={() => setAuth({ status: 'signed-out', notice: null })} />;
  }
}
