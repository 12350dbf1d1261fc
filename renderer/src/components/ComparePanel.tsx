import type { CompareResult } from '../../../core/model/results.js';
import { repeatsAnother } from '../detail-rows.js';
import { focusSegmentRows } from '../focus-rows.js';
import { useStore } from '../store.js';
import { Breakable, FIELD_WORDS, NAME_BREAKS } from './Breakable.js';

function pageList(pages: number[]): string {
  if (pages.length === 0) return 'none';
  const shown = pages.slice(0, 40).join(', ');
  return pages.length > 40 ? `${shown}, … (${pages.length} in all)` : shown;
}

function Pages({ result, a, b }: { result: CompareResult; a: string; b: string }) {
  const rows: [string, number[]][] = [
    [`Only in ${a}`, result.pagesOnlyInA],
    [`Only in ${b}`, result.pagesOnlyInB],
    ['Changed', result.pagesChanged],
    ['Same', result.pagesSame],
  ];
  return (
    <table aria-label="Pages">
      <tbody>
        {rows.map(([label, pages]) => (
          <tr key={label}>
            <th scope="row">
              {label} ({pages.length})
            </th>
            <td>{pageList(pages)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Two segments side by side, columns named by their files: differing header fields marked, then pages by kind. */
export function ComparePanel() {
  const chosen = useStore((s) => s.forComparison);
  const comparison = useStore((s) => s.comparison);
  const close = useStore((s) => s.closeComparison);
  const [a, b] = chosen;
  if (!comparison || !a || !b) return null;
  // A field that repeats another in both files (logId and segmentId) is said once, as in Details.
  const side = (key: 'a' | 'b') => (name: string) => comparison.header.find((f) => f.field === name)?.[key];
  const fields = comparison.header.filter(
    (f) => !(repeatsAnother(f.field, side('a')) && repeatsAnother(f.field, side('b'))),
  );
  return (
    <section role="region" aria-label="Comparison" className="comparison">
      <div className="pane-title">
        <h2>Comparison</h2>
        <button
          type="button"
          className="small"
          onClick={() => {
            close();
            focusSegmentRows();
          }}
        >
          Close comparison
        </button>
      </div>
      <table aria-label="Header comparison">
        <thead>
          <tr>
            <th>Field</th>
            <th className="file-name">
              <Breakable text={a} at={NAME_BREAKS} />
            </th>
            <th className="file-name">
              <Breakable text={b} at={NAME_BREAKS} />
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr
              key={f.field}
              className={f.same ? '' : 'differs'}
              aria-label={f.same ? undefined : `${f.field} differs`}
            >
              <th scope="row">
                <Breakable text={f.field} at={FIELD_WORDS} />
                {f.same ? '' : ' (differs)'}
              </th>
              <td>{String(f.a)}</td>
              <td>{String(f.b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pages result={comparison} a={a} b={b} />
    </section>
  );
}
