import { hexDump } from '../../../core/inspect/hex-dump.js';
import { useStore } from '../store.js';

/** A page's SQLite headers decoded, then its bytes. */
export function PageViewer() {
  const page = useStore((s) => s.page);
  if (!page) return null;
  const fields = { ...(page.database ?? {}), ...(page.btree ?? {}) };
  return (
    <section className="page-view" aria-label={`Page ${page.pageNo}`}>
      <h3>
        Page {page.pageNo} {page.frameNo === null ? 'of the database file' : `at frame ${page.frameNo.toString()}`}
      </h3>
      <table aria-label="Page header">
        <tbody>
          {Object.entries(fields).map(([field, value]) => (
            <tr key={field}>
              <th scope="row">{field}</th>
              <td>{value === null ? '—' : String(value)}</td>
            </tr>
          ))}
          {!page.btree && (
            <tr>
              <th scope="row">pageType</th>
              <td>not a b-tree page (overflow, freelist or pointer map)</td>
            </tr>
          )}
        </tbody>
      </table>
      <pre className="hex">{hexDump(page.hex)}</pre>
    </section>
  );
}
