import { useState } from 'react';
import type { InspectResult } from '../../../core/api/types.js';
import { useStore } from '../store.js';
import { PageViewer } from './PageViewer.js';

const FORMATS: Record<InspectResult['format'], string> = {
  'compacted-v0': 'compacted segment, format v0',
  sealed: 'sealed WAL segment (.seg)',
  'compacted-v1': 'compacted segment, format v1',
  unknown: 'not a segment',
};

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
              <code>{p.code}</code> {p.message}
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
      {detail.format === 'compacted-v0' && (
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
