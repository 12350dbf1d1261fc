import { useState } from 'react';
import type { HeaderValue } from '../../../core/model/file-format.js';
import type { InspectResult } from '../../../core/model/results.js';
import { frameText } from '../format.js';
import { shownSegments, useStore } from '../store.js';
import { PageViewer } from './PageViewer.js';

const FORMATS: Record<InspectResult['format'], string> = {
  'compacted-v0': 'compacted segment v0 (the seed fs backend)',
  'compacted-alpha1': 'compacted segment, 0.1.0-alpha.1 (bucket)',
  'compacted-v1': 'compacted segment v1 (bucket, wal-toolkit)',
  sealed: 'segment file .seg (sqld data-wal)',
  'sealed-draft': 'July 2024 draft segment (never released)',
  'index-object': 'bucket index object',
  'fst-index': 'wal-toolkit index (.idx)',
  database: 'sqld database file',
  'sqlite-wal': "SQLite's WAL file (sqld data-wal, default mode)",
  wallog: "sqld's replication log (wallog)",
  'sqld-snapshot': "sqld's log snapshot (.snap)",
  'client-wal-index': "a replica's client_wal_index",
  'bottomless-batch': 'bottomless batch of WAL frames (sqld backup)',
  'bottomless-snapshot': "bottomless snapshot: the generation's database (sqld backup)",
  'bottomless-meta': "bottomless .meta: page size and the frames' checksum seed",
  'bottomless-dep': 'bottomless .dep: the generation this one continues',
  'bottomless-changecounter': "bottomless .changecounter: the snapshot's change counter",
  unknown: 'not a file libsql-wal wrote',
};

/** Header fields already shown in the fixed rows above the format's own. */
const SHOWN = new Set(['frameCount', 'segmentId', 'startFrameNo', 'endFrameNo']);

function fieldValue(value: HeaderValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function checksumText(d: InspectResult, unsealed: boolean): string {
  const { ok, stored, brokenAtFrame } = d.checksum;
  if (ok === null)
    return unsealed ? 'none yet (a segment gets its checksum when sealed)' : 'not checked (the file is incomplete)';
  if (!ok) {
    const where = brokenAtFrame === undefined || brokenAtFrame === null ? '' : ` at frame ${brokenAtFrame}`;
    return `MISMATCH${where}: damaged or altered`;
  }
  if (stored !== null) return `ok (CRC-32 ${stored.toString(16).padStart(8, '0')})`;
  // A chained format keeps no one checksum of the file: each frame's checksum continues the last.
  return brokenAtFrame === undefined ? 'ok' : "ok: every frame's checksum continues the chain";
}

/** A field's name may break between its words (`lastCommitted` `FrameNo`), never inside one. */
function fieldName(field: string) {
  return field.split(/(?<=[a-z])(?=[A-Z])/).flatMap((word, i) => (i === 0 ? [word] : [<wbr key={i} />, word]));
}

/** The selected segment decoded: its header, its problems in plain words, its frames, a page. */
export function DetailPanel() {
  const detail = useStore((s) => s.detail);
  const selected = useStore((s) => s.selected);
  const showPage = useStore((s) => s.showPage);
  const unsealed = useStore(
    (s) => s.selected !== null && shownSegments(s).find((r) => r.file === s.selected)?.status === 'unsealed',
  );
  const [pageNo, setPageNo] = useState('1');
  if (!selected) return <p className="hint">Select a segment to decode its header.</p>;
  if (!detail) return <p className="hint">reading {selected}…</p>;
  const h = detail.header;
  const rows: [string, string][] = [
    ['Format', `${FORMATS[detail.format]}${unsealed ? ', not yet sealed' : ''}`],
    ['Frame count', h ? frameText(h.frameCount) : '—'],
    ['Start frame', h ? frameText(h.startFrameNo) : '—'],
    ['End frame', h ? frameText(h.endFrameNo) : '—'],
    ['Checksum', checksumText(detail, unsealed)],
    [
      'File name agrees',
      detail.nameAgrees === null
        ? 'name is not a segment key'
        : detail.nameAgrees
          ? 'yes'
          : 'no: the name and the header disagree',
    ],
    ['Segment ID', h?.segmentId ?? '—'],
    [
      'Size',
      `${detail.actualSize.toLocaleString('en-US')} bytes` +
        // A compressed object's size follows from nothing in it: no expectation to show.
        (detail.expectedSize === null ? '' : ` (expected ${detail.expectedSize.toLocaleString('en-US')})`),
    ],
    ...Object.entries(h ?? {})
      .filter(([field]) => !SHOWN.has(field))
      .map(([field, value]): [string, string] => [field, fieldValue(value)]),
  ];
  const frames = detail.frames ?? [];
  return (
    <div className="detail">
      <h2 className="file-name">{selected}</h2>
      {detail.problems.length > 0 ? (
        <ul className="problems" aria-label="Problems">
          {detail.problems.map((p) => (
            <li key={p.code + p.message}>
              <code>{p.code}</code> {p.severity === 'warning' ? '(warning) ' : ''}
              {p.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="no-problems">No problems found.</p>
      )}
      <table aria-label="Header">
        <tbody>
          {rows.map(([field, value]) => (
            <tr key={field}>
              <th scope="row">{fieldName(field)}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Frames ({frames.length})</h3>
      <div className="frames" tabIndex={0} role="group" aria-label="Frames list">
        <table aria-label="Frames">
          <thead>
            <tr>
              <th>#</th>
              <th>Page</th>
              <th>Frame</th>
              <th>Size after</th>
            </tr>
          </thead>
          <tbody>
            {frames.slice(0, 500).map((f) => (
              <tr key={f.index} onClick={() => void showPage(f.pageNo)} className="clickable">
                <td>{f.index}</td>
                <td>{f.pageNo}</td>
                <td className="num">{frameText(f.frameNo)}</td>
                <td>{f.sizeAfter || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {frames.length > 500 && <p className="hint">First 500 of {frames.length} frames shown.</p>}
      </div>
      {frames.length > 0 && (
        <form
          className="page-form"
          onSubmit={(e) => {
            e.preventDefault();
            void showPage(Number(pageNo));
          }}
        >
          <label>
            Page number
            <input value={pageNo} onChange={(e) => setPageNo(e.target.value)} inputMode="numeric" />
          </label>
          <button type="submit">Show page</button>
        </form>
      )}
      <PageViewer />
    </div>
  );
}
