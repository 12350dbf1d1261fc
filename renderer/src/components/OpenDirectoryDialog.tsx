import { useState } from 'react';
import type { Shown } from '../format.js';
import { useStore } from '../store.js';
import { Dialog } from './Dialog.js';
import { RegionError } from './RegionError.js';
import { TextField } from './TextField.js';

/** The browser mode has no native chooser: the operator types the path on the server. */
export function OpenDirectoryDialog() {
  const open = useStore((s) => s.open);
  const current = useStore((s) => s.settings?.dir ?? '');
  const [dir, setDir] = useState(current);
  // Why this dialog's Open failed, said in it: the page's banner is behind the dialog's backdrop.
  const [failed, setFailed] = useState<Shown | null>(null);
  return (
    <Dialog title="Open directory">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setFailed(null);
          void open(dir.trim()).then(() => {
            const after = useStore.getState();
            setFailed(after.dialog === 'open' ? after.error : null);
          });
        }}
      >
        <TextField
          label="Directory path"
          value={dir}
          onValue={setDir}
          placeholder="/var/lib/sqld/data"
          autoFocus
          spellCheck={false}
        />
        <p className="hint">
          On the machine Segscope runs on: a sqld data directory (the folder holding dbs/), one namespace&apos;s folder,
          a seed store (the folder holding segments/), or a bucket copied to disk.
        </p>
        <RegionError error={failed} />
        <div className="actions">
          <button type="submit">Open</button>
        </div>
      </form>
    </Dialog>
  );
}
