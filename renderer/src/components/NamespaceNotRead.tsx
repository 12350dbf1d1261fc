import type { Shown } from '../format.js';
import { useOpenNamespace } from '../open-namespace.js';

/**
 * The Segments tab of a namespace that could not be read: why, in place of a table that would
 * look like an empty namespace.
 */
export function NamespaceNotRead({ error }: { error: Shown }) {
  const { shown } = useOpenNamespace();
  return (
    <div className="not-read" role="alert" aria-label={`Namespace ${shown} not read`}>
      <p>
        Namespace <strong>{shown}</strong> was not read, so none of its segments are listed.
      </p>
      <p>
        <code>{error.code}</code> {error.message}
      </p>
      <p className="hint">Choose another namespace in Sources, or Reload once it can be read.</p>
    </div>
  );
}
