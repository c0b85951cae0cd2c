import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

interface ModalProps {
  role: 'dialog' | 'alertdialog';
  labelledBy: string;
  class?: string;
  /** Escape, or a close button inside. */
  onClose: () => void;
  children: ComponentChildren;
}

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A modal <dialog>: showModal() makes the rest of the page inert; Tab is also wrapped here so focus never leaves
 * for the browser's own controls. On close, focus returns to where it was when the dialog opened.
 */
export function Modal({ role, labelledBy, class: className, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useLayoutEffect(() => {
    const element = dialog.current!;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    return () => {
      element.close();
      returnFocusTo?.focus();
    };
  }, []);

  const trapTab = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const cancel = (event: Event) => {
    // The owner decides what closing means (and unmounts the dialog); the browser must not close it on its own.
    event.preventDefault();
    onClose();
  };

  return (
    <dialog ref={dialog} class={`modal ${className ?? ''}`} role={role === 'alertdialog' ? 'alertdialog' : undefined} aria-modal="true" aria-labelledby={labelledBy} onKeyDown={trapTab} onCancel={cancel}>
      {children}
    </dialog>
  );
}
