import { formatDateTime } from './time';

export function Timestamp({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}
