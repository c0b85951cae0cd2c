import { Link, QUEUE_PATH } from './router';
import { plural } from './time';
import type { Exposure, Principal } from './types';

interface HeaderProps {
  principal: Principal;
  exposure: Exposure | null;
  onShowShortcuts: () => void;
  onSignOut: () => void;
}

export function Header({ principal, exposure, onShowShortcuts, onSignOut }: HeaderProps) {
  return (
    <header class="app-header">
      <Link href={QUEUE_PATH} class="brand">docket</Link>
      <p class="who">
        <span class="who-name">{principal.name}</span> <span class="role">{principal.role}</span>
      </p>
      {exposure && <ExposureLine exposure={exposure} />}
      <div class="header-actions">
        <button type="button" onClick={onShowShortcuts} aria-keyshortcuts="?">Keyboard shortcuts</button>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </div>
    </header>
  );
}

/** Kept in sight all day so a moderator notices their own exposure before the break prompt has to. */
function ExposureLine({ exposure }: { exposure: Exposure }) {
  const { violentCases } = exposure.session;
  return <p class="exposure">{plural(violentCases, 'violent case')} this session · {exposure.continuousWorkMinutes} min without a pause</p>;
}
