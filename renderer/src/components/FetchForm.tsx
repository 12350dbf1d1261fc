import { useEffect, useState } from 'react';
import { bridge, isDesktop } from '../bridge.js';
import { useOpenNamespace } from '../open-namespace.js';
import { useStore } from '../store.js';
import { Dialog } from './Dialog.js';
import { TextField } from './TextField.js';

/** One click from a frame number to the segment holding it, in a directory of the operator's choice. */
export function FetchForm() {
  const fetchFrame = useStore((s) => s.fetchFrame);
  const outcome = useStore((s) => s.fetchOutcome);
  // The namespace chosen in Sources, by its name, or by its id where another layout here has that name.
  const namespace = useOpenNamespace().shown;
  const [frame, setFrame] = useState('');
  const [ns, setNs] = useState(namespace);
  const [destDir, setDestDir] = useState('');
  const [replace, setReplace] = useState(false);
  // The namespace chosen in Sources is followed: a change there replaces what was typed here.
  useEffect(() => setNs(namespace), [namespace]);
  const choose = async () => {
    const dir = await bridge.chooseDirectory?.();
    if (dir) setDestDir(dir);
  };
  return (
    <Dialog title="Fetch by frame">
      <form
        aria-label="Fetch by frame"
        className="fetch"
        onSubmit={(e) => {
          e.preventDefault();
          void fetchFrame({ frame, namespace: ns, destDir, replace });
        }}
      >
        <TextField
          label="Frame number"
          value={frame}
          onValue={setFrame}
          inputMode="numeric"
          required
          autoFocus
          className="frame-input"
        />
        <TextField label="Namespace" value={ns} onValue={setNs} spellCheck={false} />
        <div className="with-button">
          <TextField
            label="Destination directory"
            value={destDir}
            onValue={setDestDir}
            placeholder="/tmp/out"
            required
            spellCheck={false}
          />
          {isDesktop && (
            <button type="button" onClick={() => void choose()}>
              Choose…
            </button>
          )}
        </div>
        <label>
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          Replace existing
        </label>
        <div className="actions">
          <button type="submit">Fetch</button>
        </div>
        <p role="status" className={outcome?.error ? 'refused' : 'ok'}>
          {outcome?.text ?? ''}
        </p>
      </form>
    </Dialog>
  );
}
