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
  if (sample === undefined) {
    const widths = columns.map((c) => c.title.length);
    const right = columns.map((c) => c.right === true);
    for (const row of rows) columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.cell(row).length)));
    yield line(
      columns.map((c) => c.title),
      widths,
      right,
    );
    for (const row of rows)
      yield line(
        columns.map((c) => c.cell(row)),
        widths,
        right,
      );
    return;
  }
  const table = new SampledTable(columns, sample);
  for (const row of rows) yield* table.add(row);
  yield* table.end();
}

/** The same for rows that arrive over time (a query's, from the query process): widths from the first `sample`. */
export async function* streamedTableLines<T>(
  columns: Column<T>[],
  rows: AsyncIterable<T>,
  sample: number,
): AsyncGenerator<string> {
  const table = new SampledTable(columns, sample);
  for await (const row of rows) yield* table.add(row);
  yield* table.end();
}

/** Rows measured until `sample` have come (held until then as cells), then written as they come. */
class SampledTable<T> {
  private readonly widths: number[];
  private readonly right: boolean[];
  private held: string[][] | null = [];

  constructor(
    private readonly columns: Column<T>[],
    private readonly sample: number,
  ) {
    this.widths = columns.map((c) => c.title.length);
    this.right = columns.map((c) => c.right === true);
  }

  /** The lines `row` lets out: none while the widths are being measured. */
  add(row: T): string[] {
    const cells = this.columns.map((c) => c.cell(row));
    if (this.held === null) return [line(cells, this.widths, this.right)];
    cells.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, cell.length)));
    this.held.push(cells);
    return this.held.length < this.sample ? [] : this.release();
  }

  /** The header and the held rows, if fewer than `sample` came. */
  end(): string[] {
    return this.held === null ? [] : this.release();
  }

  private release(): string[] {
    const out = [
      line(
        this.columns.map((c) => c.title),
        this.widths,
        this.right,
      ),
      ...(this.held ?? []).map((cells) => line(cells, this.widths, this.right)),
    ];
    this.held = null;
    return out;
  }
}

/** "1 row", "2 rows". */
export function count(n: number | bigint, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 || n === 1n ? one : many}`;
}
