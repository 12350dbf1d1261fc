import type { CompareResult } from '../../../core/api/types.js';
import { useStore } from '../store.js';

function pageList(pages: number[]): string {
  if (pages.length === 0) return 'none';
  const shown = pages.slice(0, 40).join(', ');
  return pages.length > 40 ? `${shown}, … (${pages.length} in all)` : shown;
}

function Pages({ result }: { result: CompareResult }) {
  const rows: [string, number[]][] = [
    ['Only in A', result.pagesOnlyInA],
    ['Only in B', result.pagesOnlyInB],
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

/** Two segments side by side: differing header fields highlighted, then pages by kind. */
export function ComparePanel() {
  const chosen = useStore((s) => s.forComparison);
  const comparison = useStore((s) => s.comparison);
  const compare = useStore((s) => s.compare);
  const [a, b] = chosen;
  return (
    <div className="compare">
      <button type="button" disabled={chosen.length !== 2} onClick={() => void compare()}>
        Compare
      </button>
      <span className="hint">{chosen.length === 2 ? '' : 'Tick "Select for comparison" on two segments.'}</span>
      {comparison && a && b && (
        <section role="region" aria-label="Comparison" className="comparison">
          <table aria-label="Header comparison">
            <thead>
              <tr>
                <th>Field</th>
                <th title={a}>A</th>
                <th title={b}>B</th>
              </tr>
            </thead>
            <tbody>
              {comparison.header.map((f) => (
                <tr key={f.field} className={f.same ? '' : 'differs'} aria-label={f.same ? undefined : `${f.field} differs`}>
                  <th scope="row">{f.field}</th>
                  <td>{String(f.a)}</td>
                  <td>{String(f.b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pages result={comparison} />
        </section>
      )}
    </div>
  );
}
