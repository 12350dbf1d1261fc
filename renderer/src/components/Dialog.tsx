import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import { useStore } from '../store.js';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal panel with a title. Focus moves into it when it opens, Tab and Shift+Tab stay inside it,
 * Escape or Close ends it, and focus goes back where it was.
 */
export function Dialog({ title, children }: { title: string; children: ReactNode }) {
  const setDialog = useStore((s) => s.setDialog);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first =
      box.current?.querySelector<HTMLElement>('[autofocus], input:not([type="hidden"]), select, textarea') ??
      box.current;
    first?.focus();
    return () => before?.focus();
  }, []);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setDialog(null);
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === box.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="backdrop">
      <div
        ref={box}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        onKeyDown={onKey}
      >
        <div className="dialog-title">
          <h2>{title}</h2>
          <button type="button" className="plain" onClick={() => setDialog(null)} aria-label="Close">
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
