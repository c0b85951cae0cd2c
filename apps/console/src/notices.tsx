export interface Notice {
  id: number;
  text: string;
}

/**
 * The status region stays in the page even when empty, so screen readers are already listening when a message
 * arrives; each message is a new node (new id), so repeating the same words is announced again.
 */
export function Notices({ statuses, alert }: { statuses: Notice[]; alert: Notice | null }) {
  return (
    <div class="notices">
      <div role="status" class="notice-status">
        {statuses.map((status) => <p key={status.id}>{status.text}</p>)}
      </div>
      {alert && <p role="alert" key={alert.id} class="notice-alert">{alert.text}</p>}
    </div>
  );
}
