import type { Shown } from '../format.js';

/** Why a query or a diff was refused, under the controls that asked for it. */
export function RegionError({ error }: { error: Shown | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="query-error">
      <code>{error.code}</code> {error.message}
    </p>
  );
}
