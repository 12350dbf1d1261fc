import { useState } from 'react';
import { useStore } from '../store.js';
import { Dialog } from './Dialog.js';
import { TextField } from './TextField.js';

/** The browser mode has no native chooser: the operator types the path on the server. */
export function OpenDirectoryDialog() {
  const open = useStore((s) => s.open);
  const current = useStore((s) => s.settings?.dir ?? '');
  const [dir, setDir] = useState(current);
  return (
    <Dialog title="Open directory">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void open(dir.trim());
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
        <p className="hint">The folder that holds segments/ (a libsql-wal prefix), on the machine Segscope runs on.</p>
        <div className="actions">
          <button type="submit">Open</button>
        </div>
      </form>
    </Dialog>
  );
}
