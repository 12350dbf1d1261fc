import { type ReactNode, useEffect } from 'react';
import { useStore } from '../store.js';

/** A modal panel with a title, closed by Escape or its Close button. */
export function Dialog({ title, children }: { title: string; children: ReactNode }) {
  const setDialog = useStore((s) => s.setDialog);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDialog(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setDialog]);
  return (
    <div className="backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title}>
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
