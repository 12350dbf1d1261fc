/** One column of a text table: its title, a row's cell, and right alignment for numbers. */
export interface Column<T> {
  title: string;
  cell(row: T): string;
  right?: boolean;
}

function line(cells: string[], widths: number[], right: boolean[]): string {
  const padded = cells.map((cell, i) => {
    const width = widths[i] ?? 0;
    if (i === cells.length - 1 && !right[i]) return cell;
    return right[i] ? cell.padStart(width) : cell.padEnd(width);
  });
  return padded.join('  ').trimEnd();
}

/**
 * A table as lines, a header over aligned columns. `rows` is read twice (once for the widths),
 * row by row, so a listing of 200,000 segments is never held as text; a source read once (a
 * query's rows) gives `sample` instead: the widths come from its first rows, which are held
 * until then, and a longer cell later runs past its column.
 */
export function* tableLines<T>(columns: Column<T>[], rows: Iterable<T>, sample?: number): Generator<string> {
  const widths = columns.map((c) => c.title.length);
  const right = columns.map((c) => c.right === true);
  const measure = (row: T): string[] => {
    const cells = columns.map((c) => c.cell(row));
    cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return cells;
  };
  const header = columns.map((c) => c.title);
  if (sample === undefined) {
    for (const row of rows) measure(row);
    yield line(header, widths, right);
    for (const row of rows) yield line(columns.map((c) => c.cell(row)), widths, right);
    return;
  }
  const iterator = rows[Symbol.iterator]();
  const held: string[][] = [];
  let next = iterator.next();
  while (!next.done && held.length < sample) {
    held.push(measure(next.value));
    next = iterator.next();
  }
  yield line(header, widths, right);
  for (const cells of held) yield line(cells, widths, right);
  held.length = 0;
  while (!next.done) {
    yield line(columns.map((c) => c.cell(next.value)), widths, right);
    next = iterator.next();
  }
}

/** "1 row", "2 rows". */
export function count(n: number | bigint, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 || n === 1n ? one : many}`;
}
