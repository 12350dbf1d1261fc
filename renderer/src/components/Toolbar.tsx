import { useRef } from 'react';
import { useRovingTabStop } from '../roving-focus.js';
import { useStore } from '../store.js';
import { useVerify } from '../verify-store.js';
import { FocusKeptButton } from './FocusKeptButton.js';

/** Layouts Segscope may write segments into (a sqld data directory belongs to sqld alone). */
export function layoutWritable(layout: string | undefined): boolean {
  return layout === 'seed';
}

/**
 * The title bar: the product's name and the commands on the open namespace. The commands are one
 * toolbar and one Tab stop; a command that cannot run now stays reachable by the arrows (marked
 * unavailable, its title saying why), so the row keeps its stops in place and its Tab stop.
 */
export function Toolbar() {
  const listing = useStore((s) => s.listing);
  const chosen = useStore((s) => s.forComparison.length);
  const hasDir = useStore((s) => s.settings?.dir != null);
  const verifying = useVerify((s) => s.running);
  const { refresh, compare, setDialog, storeFiles } = useStore.getState();
  const input = useRef<HTMLInputElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const roving = useRovingTabStop(bar);
  const writable = layoutWritable(listing?.layout);
  const noDir = hasDir ? undefined : 'Open a directory first';
  return (
    <header className="appbar">
      <h1>Segscope</h1>
      <div className="toolbar" role="toolbar" aria-label="Commands" ref={bar} {...roving}>
        <FocusKeptButton
          unavailable={verifying || !listing}
          onClick={() => listing && void useVerify.getState().verifyAll(listing.segments)}
        >
          Verify all
        </FocusKeptButton>
        <FocusKeptButton unavailable={!hasDir} title={noDir} onClick={() => setDialog('fetch')}>
          Fetch by frame
        </FocusKeptButton>
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
        <FocusKeptButton
          unavailable={chosen !== 2}
          onClick={() => void compare()}
          title={chosen === 2 ? undefined : 'Tick "Select for comparison" on two segments'}
        >
          Compare
        </FocusKeptButton>
        <FocusKeptButton unavailable={!hasDir} title={noDir} onClick={() => void refresh()} aria-keyshortcuts="F5">
          Reload
        </FocusKeptButton>
      </div>
    </header>
  );
}
