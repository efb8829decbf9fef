import { useEffect, useRef } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode, RefObject } from 'react';

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
function useModal(ref: RefObject<HTMLElement | null>, onClose: () => void, initialFocus?: string): void {
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

/**
 * A modal dialog over the page (see `useModal` for its keyboard); a click on the backdrop closes it.
 * `innerRef` gives the dialog element to a caller that looks inside it.
 */
export function Modal({
  className,
  role = 'dialog',
  labelledBy,
  describedBy,
  overlayClass,
  initialFocus,
  onClose,
  onKeyDown,
  innerRef,
  children,
}: {
  className: string;
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  overlayClass?: string;
  initialFocus?: string;
  onClose(): void;
  onKeyDown?(event: ReactKeyboardEvent): void;
  innerRef?: RefObject<HTMLDivElement | null>;
  children: ReactNode;
}) {
  const own = useRef<HTMLDivElement>(null);
  const ref = innerRef ?? own;
  useModal(ref, onClose, initialFocus);
  return (
    <div
      className={overlayClass ? `overlay ${overlayClass}` : 'overlay'}
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={ref}
        className={`dialog ${className}`}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
