import { useStore } from '../store.js';

export function ErrorBanner() {
  const error = useStore((s) => s.error);
  const clear = useStore((s) => s.clearError);
  // The Segments tab says in its own place why the open namespace was not read: not twice.
  const saidInPlace = useStore(
    (s) => s.tab === 'segments' && s.readError?.code === s.error?.code && s.readError?.message === s.error?.message,
  );
  // Open directory says its own failure in the dialog, in front of the banner's place.
  const inDialog = useStore((s) => s.dialog === 'open');
  if (!error || saidInPlace || inDialog) return null;
  return (
    <div className="error-banner" role="alert">
      <code>{error.code}</code> {error.message}
      <button type="button" className="plain" onClick={clear} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
