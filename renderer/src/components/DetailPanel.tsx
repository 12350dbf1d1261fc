import { useState } from 'react';
import type { InspectResult } from '../../../core/api/types.js';
import { useStore } from '../store.js';
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
  unknown: 'not a file libsql-wal wrote',
};

/** Header fields already shown in the fixed rows above the format's own. */
const SHOWN = new Set(['frameCount', 'segmentId', 'startFrameNo', 'endFrameNo']);

function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function checksumText(d: InspectResult): string {
  if (d.checksum.ok === null) return 'not checked (the file is incomplete)';
  return d.checksum.ok ? `ok (CRC-32 ${d.checksum.stored?.toString(16).padStart(8, '0') ?? ''})` : 'MISMATCH: damaged or altered';
}

/** The selected segment decoded: its header, its problems in plain words, its frames, a page. */
export function DetailPanel() {
  const detail = useStore((s) => s.detail);
  const selected = useStore((s) => s.selected);
  const showPage = useStore((s) => s.showPage);
  const [pageNo, setPageNo] = useState('1');
  if (!selected) return <section className="detail empty" aria-label="Segment detail">Select a segment to decode its header.</section>;
  if (!detail) return <section className="detail" aria-label="Segment detail">Reading {selected}…</section>;
  const h = detail.header;
  const rows: [string, string][] = [
    ['Format', FORMATS[detail.format]],
    ['Frame count', h ? h.frameCount.toString() : '—'],
    ['Segment ID', h?.segmentId ?? '—'],
    ['Start frame', h ? h.startFrameNo.toString() : '—'],
    ['End frame', h ? h.endFrameNo.toString() : '—'],
    ['Checksum', checksumText(detail)],
    ['File name agrees', detail.nameAgrees === null ? 'name is not a segment key' : detail.nameAgrees ? 'yes' : 'no: the name and the header disagree'],
    ['Size', `${detail.actualSize} bytes (expected ${detail.expectedSize ?? 'unknown'})`],
    ...Object.entries(h ?? {})
      .filter(([field]) => !SHOWN.has(field))
      .map(([field, value]): [string, string] => [field, fieldValue(value)]),
  ];
  const frames = detail.frames ?? [];
  return (
    <section className="detail" aria-label="Segment detail">
      <h2 className="file-name">{selected}</h2>
      <table aria-label="Header">
        <tbody>
          {rows.map(([field, value]) => (
            <tr key={field}>
              <th scope="row">{field}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
      <h3>Frames ({frames.length})</h3>
      <div className="frames">
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
                <td>{f.frameNo.toString()}</td>
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
    </section>
  );
}
