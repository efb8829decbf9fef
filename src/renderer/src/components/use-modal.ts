import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex="0"]';

/** The open modals, innermost last: only it answers Esc. */
const stack: object[] = [];

/**
 * A modal dialog's keyboard: Esc closes the innermost one wherever focus is (inside it, or on the
 * page after a button it had disappeared or was disabled), unless something inside it handled the
 * key first; Tab stays inside it; focus starts at `initialFocus` (else its first control) and goes
 * back where it was when the dialog closes.
 */
export function useModal(
  ref: RefObject<HTMLElement | null>,
  onClose: () => void,
  initialFocus?: string,
): void {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const me = {};
    stack.push(me);
    const previous = document.activeElement;
    const root = ref.current;
    (root?.querySelector<HTMLElement>(initialFocus ?? FOCUSABLE) ?? root)?.focus();

    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || stack.at(-1) !== me) return;
      event.preventDefault();
      close.current();
    };
    const onTab = (event: KeyboardEvent) => {
      if (event.key !== 'Tab' || !root || event.defaultPrevented || stack.at(-1) !== me) return;
      const focusable = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = focusable[0];
      const last = focusable.at(-1);
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    };
    // On the document, after the page's own handlers (which may take the key), before the window's.
    document.addEventListener('keydown', onEscape);
    root?.addEventListener('keydown', onTab);
    return () => {
      stack.splice(stack.indexOf(me), 1);
      document.removeEventListener('keydown', onEscape);
      root?.removeEventListener('keydown', onTab);
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
    // Mounted once per dialog: the element and its first focus do not change while it is open.
  }, [ref, initialFocus]);
}
