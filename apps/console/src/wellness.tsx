import { useState } from 'preact/hooks';
import { useFocusOnMount } from './focus';
import { Modal } from './modal';
import { plural } from './time';
import type { Exposure } from './types';

// "Continue" quiets the prompt for this long; after that a still-due break is offered again.
const SNOOZE_MS = 10 * 60_000;

export function useBreakPrompt(exposure: Exposure | null, paused: boolean): { open: boolean; snooze: () => void } {
  const [snoozedAt, setSnoozedAt] = useState(-Infinity);
  const open = !!exposure?.breakDue && !paused && Date.now() - snoozedAt >= SNOOZE_MS;
  return { open, snooze: () => setSnoozedAt(Date.now()) };
}

function breakReasons(exposure: Exposure): string[] {
  const { continuousWorkMinutes, sincePause, limits } = exposure;
  const reasons: string[] = [];
  if (continuousWorkMinutes >= limits.breakAfterMinutes) reasons.push(`You have worked ${plural(continuousWorkMinutes, 'minute')} without a pause.`);
  if (sincePause.violentCases >= limits.breakAfterViolentCases) reasons.push(`You have opened ${plural(sincePause.violentCases, 'violent case')} since your last pause.`);
  return reasons.length > 0 ? reasons : ['You have been working for a long stretch.'];
}

export function BreakPrompt({ exposure, onTakeBreak, onContinue }: { exposure: Exposure; onTakeBreak: () => void; onContinue: () => void }) {
  return (
    <Modal role="alertdialog" labelledBy="break-title" class="break-prompt" onClose={onContinue}>
      <h2 id="break-title">Time for a break</h2>
      {breakReasons(exposure).map((reason) => <p key={reason}>{reason}</p>)}
      <p>A short pause away from the screen helps. Taking a break gives any case you hold back to the queue.</p>
      <div class="button-row">
        <button type="button" class="primary" onClick={onTakeBreak}>Take a break</button>
        <button type="button" onClick={onContinue}>Continue</button>
      </div>
    </Modal>
  );
}

export function PauseScreen({ onBack }: { onBack: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section class="pause-screen" aria-labelledby="pause-title">
      <h1 id="pause-title" tabIndex={-1} ref={heading}>On a break</h1>
      <p>Nothing is assigned to you. Stand up, look into the distance, have some water.</p>
      <p>The queue will be here when you come back.</p>
      <button type="button" class="primary" onClick={onBack}>I'm back</button>
    </section>
  );
}

export function ViolentCapNote() {
  return <p role="status" class="cap-note">Daily limit of violent cases reached: you are given non-violent cases only.</p>;
}
