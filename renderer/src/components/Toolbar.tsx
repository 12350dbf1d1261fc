import { useRef } from 'react';
import { useStore } from '../store.js';
import { useVerify } from '../verify-store.js';
import { FocusKeptButton } from './FocusKeptButton.js';

/** Layouts Segscope may write segments into (a sqld data directory belongs to sqld alone). */
export function layoutWritable(layout: string | undefined): boolean {
  return layout === 'seed';
}

/** The title bar: the product's name and the commands on the open namespace. */
export function Toolbar() {
  const listing = useStore((s) => s.listing);
  const chosen = useStore((s) => s.forComparison.length);
  const hasDir = useStore((s) => s.settings?.dir != null);
  const verifying = useVerify((s) => s.running);
  const { refresh, compare, setDialog, storeFiles } = useStore.getState();
  const input = useRef<HTMLInputElement>(null);
  const writable = layoutWritable(listing?.layout);
  return (
    <header className="appbar">
      <h1>Segscope</h1>
      <div className="toolbar" role="toolbar" aria-label="Commands">
        <FocusKeptButton
          unavailable={verifying}
          disabled={!listing}
          onClick={() => listing && void useVerify.getState().verifyAll(listing.segments)}
        >
          Verify all
        </FocusKeptButton>
        <button type="button" disabled={!hasDir} onClick={() => setDialog('fetch')}>
          Fetch by frame
        </button>
        {writable && (
          <>
            <button type="button" onClick={() => input.current?.click()}>
              Store files…
            </button>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              aria-label="Segment files to store"
              onChange={(e) => e.target.files && e.target.files.length > 0 && void storeFiles([...e.target.files])}
            />
          </>
        )}
        <button
          type="button"
          disabled={chosen !== 2}
          onClick={() => void compare()}
          title={chosen === 2 ? undefined : 'Tick "Select for comparison" on two segments'}
        >
          Compare
        </button>
        <button type="button" onClick={() => void refresh()} disabled={!hasDir} aria-keyshortcuts="F5">
          Reload
        </button>
      </div>
    </header>
  );
}
