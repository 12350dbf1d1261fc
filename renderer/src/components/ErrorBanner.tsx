import { useStore } from '../store.js';

export function ErrorBanner() {
  const error = useStore((s) => s.error);
  const clear = useStore((s) => s.clearError);
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <code>{error.code}</code> {error.message}
      <button type="button" className="plain" onClick={clear} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
