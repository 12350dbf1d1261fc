import { useState } from 'react';
import type { FrameInfo } from '../../../core/model/file-format.js';
import type { Problem } from '../../../core/model/problem.js';
import { type DetailRow, detailRows } from '../detail-rows.js';
import { frameText } from '../format.js';
import { focusSegmentRows } from '../focus-rows.js';
import { useStore } from '../store.js';
import { shownSegments } from '../visible-segments.js';
import { Breakable, FIELD_WORDS, NAME_BREAKS } from './Breakable.js';
import { PageViewer } from './PageViewer.js';

/** Frames listed at the most: a segment can hold thousands, and a page of any of them is one form away. */
const FRAMES_LISTED = 500;

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

/** The segment's problems, each by its severity and code; or that none was found. */
function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return <p className="no-problems">No problems found.</p>;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((p) => (
        <li key={p.code + p.message} className={p.severity}>
          <span className="severity">{p.severity}</span> <code>{p.code}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The header's fields, a value that contradicts another marked. */
function HeaderTable({ rows }: { rows: DetailRow[] }) {
  return (
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
  );
}

/** The segment's frames, the first FRAMES_LISTED of them: a click on one shows its page. */
function FramesList({ frames, onFrame }: { frames: FrameInfo[]; onFrame: (pageNo: number) => void }) {
  return (
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
          {frames.slice(0, FRAMES_LISTED).map((f) => (
            <tr key={f.index} onClick={() => onFrame(f.pageNo)} className="clickable">
              <td>{f.index}</td>
              <td>{f.pageNo}</td>
              <td className="num">{frameText(f.frameNo)}</td>
              <td>{f.sizeAfter || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {frames.length > FRAMES_LISTED && (
        <p className="hint">
          First {FRAMES_LISTED} of {frames.length} frames shown.
        </p>
      )}
    </div>
  );
}

interface PageFormProps {
  pageNo: string;
  onPageNo: (text: string) => void;
  onShow: (pageNo: number) => void;
}

/** A page asked for by its number, whichever frame holds it. */
function PageForm({ pageNo, onPageNo, onShow }: PageFormProps) {
  return (
    <form
      className="page-form"
      onSubmit={(e) => {
        e.preventDefault();
        onShow(Number(pageNo));
      }}
    >
      <label>
        Page number
        <input value={pageNo} onChange={(e) => onPageNo(e.target.value)} inputMode="numeric" />
      </label>
      <button type="submit">Show page</button>
    </form>
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
  // Here, not in the form: the number typed stays while another segment is read.
  const [pageNo, setPageNo] = useState('1');
  if (!selected) return <p className="hint">Select a segment to decode its header.</p>;
  if (!detail)
    return (
      <div className="detail">
        <DetailTitle file={selected} />
        <p className="hint">reading…</p>
      </div>
    );
  const frames = detail.frames ?? [];
  const show = (page: number) => void showPage(page);
  return (
    <div className="detail">
      <DetailTitle file={selected} />
      <ProblemList problems={detail.problems} />
      <HeaderTable rows={detailRows(detail, unsealed)} />
      <h3>Frames ({frames.length})</h3>
      <FramesList frames={frames} onFrame={show} />
      {frames.length > 0 && <PageForm pageNo={pageNo} onPageNo={setPageNo} onShow={show} />}
      <PageViewer />
    </div>
  );
}
