import { type DragEvent, useRef, useState } from 'react';
import { useStore } from '../store.js';

/** Drop segment files (or pick them) to store them under their keys; each file's outcome is listed. */
export function StorePanel() {
  const storeFiles = useStore((s) => s.storeFiles);
  const outcome = useStore((s) => s.storeOutcome);
  const hasDir = useStore((s) => s.settings?.dir !== null);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const store = (files: FileList | null) => {
    if (files && files.length > 0) void storeFiles([...files]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    store(e.dataTransfer.files);
  };
  return (
    <section
      role="region"
      aria-label="Drop segment files to store"
      className={`drop${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>Drop segment files here to store them under their keys{hasDir ? '' : ' (open a directory first)'}.</p>
      <button type="button" onClick={() => input.current?.click()} disabled={!hasDir}>
        Store files…
      </button>
      <input ref={input} type="file" multiple hidden onChange={(e) => store(e.target.files)} aria-label="Segment files to store" />
      {outcome && (
        <ul className="outcomes" aria-label="Store outcome">
          {outcome.stored.map((s) => (
            <li key={s.source} className="ok">
              {s.unchanged ? 'Already stored' : 'Stored'} {s.source} as {s.key}
              {s.uploaded ? ' and uploaded' : ''}
            </li>
          ))}
          {outcome.refused.map((r) => (
            <li key={r.source} className="refused">
              Refused {r.source}: <code>{r.code}</code> {r.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
