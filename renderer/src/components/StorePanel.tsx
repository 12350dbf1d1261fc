import { type DragEvent, useState } from 'react';
import { inScreenWords } from '../screen-words.js';
import { useStore } from '../store.js';
import { Breakable, NAME_BREAKS } from './Breakable.js';

/** Drop segment files here to store them under their keys; each file's outcome is listed. */
export function StorePanel() {
  const storeFiles = useStore((s) => s.storeFiles);
  const outcome = useStore((s) => s.storeOutcome);
  const replace = useStore((s) => s.replaceStored);
  const setReplace = useStore((s) => s.setReplaceStored);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = e.dataTransfer.files;
    if (files.length > 0) void storeFiles([...files]);
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
      <p>Drop segment files here to store them under their keys, or use “Store files…”.</p>
      <label>
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        Replace existing
      </label>
      {outcome && (
        <ul className="outcomes" aria-label="Store outcome" tabIndex={0}>
          {outcome.stored.map((s) => (
            <li key={s.source} className="ok">
              {s.unchanged ? 'Already stored' : 'Stored'} <Breakable text={s.source} at={NAME_BREAKS} /> as{' '}
              <Breakable text={s.key} at={NAME_BREAKS} />
              {s.uploaded ? ' and uploaded' : ''}
            </li>
          ))}
          {outcome.refused.map((r) => (
            <li key={r.source} className="refused">
              Refused <Breakable text={r.source} at={NAME_BREAKS} />:{' '}
              <code>
                <Breakable text={r.code} at={NAME_BREAKS} />
              </code>{' '}
              {inScreenWords(r.message)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
