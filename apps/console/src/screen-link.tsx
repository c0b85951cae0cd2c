import { Link } from './router';

/** A way from the queue to another screen: a link styled as a button, with its key shown over its right edge. */
export function ScreenLink({ href, label, shortcut }: { href: string; label: string; shortcut: string }) {
  return (
    <span class="keyed screen-link">
      <Link href={href} keyshortcuts={shortcut}>{label}</Link>
      <kbd aria-hidden="true">{shortcut}</kbd>
    </span>
  );
}
