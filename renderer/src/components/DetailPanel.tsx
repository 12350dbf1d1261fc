import { useState } from 'react';
import { detailRows } from '../detail-rows.js';
import { frameText } from '../format.js';
import { focusSegmentRows } from '../focus-rows.js';
import { useStore } from '../store.js';
import { shownSegments } from '../visible-segments.js';
import { Breakable, FIELD_WORDS, NAME_BREAKS } from './Breakable.js';
import { PageViewer } from './PageViewer.js';

/** The selected file's name, and the one control that closes its details (a comparison has its own). */
function DetailTitle({ file }: { file: string }) {
  return (
    <div className="pane-title">
      <h2 className="file-name">
        <Breakable text={file} at={NAME_BREAKS} />
      </h2>
      <button
        type="button"
        className="small"
        onClick={() => {
          void useStore.getState().select(null);
          focusSegmentRows();
        }}
      >
        Close details
      </button>
    </div>
  );
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
  if (!detail)
    return (
      <div className="detail">
        <DetailTitle file={selected} />
        <p className="hint">reading…</p>
      </div>
    );
  const rows = detailRows(detail, unsealed);
  const frames = detail.frames ?? [];
  return (
    <div className="detail">
      <DetailTitle file={selected} />
      {detail.problems.length > 0 ? (
        <ul className="problems" aria-label="Problems">
          {detail.problems.map((p) => (
            <li key={p.code + p.message} className={p.severity}>
              <span className="severity">{p.severity}</span> <code>{p.code}</code> {p.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="no-problems">No problems found.</p>
      )}
      <table aria-label="Header">
        <tbody>
          {rows.map(({ field, value, differs }) => (
            <tr key={field}>
              <th scope="row">
                <Breakable text={field} at={FIELD_WORDS} />
              </th>
              <td className={differs ? 'bad' : undefined}>{value}</td>
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
