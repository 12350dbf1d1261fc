import { type PointName, pointLabel } from '../../model/point-label.js';
import { PointDatabases, QUERY_WORDS } from '../../timetravel/point-database.js';
import { QueryProcess, type RowStream } from '../../timetravel/query-process.js';
import * as limitsModule from '../../timetravel/query-limits.js';
import { DEFAULT_ROW_LIMIT, type SqlValue, pointFields } from '../../timetravel/sql.js';
import { type Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { atPoint, limitFrom, timeoutFrom } from '../point-options.js';
import { printable } from '../printable.js';
import { type LogMismatch, logMismatchNote } from '../../model/log-mismatch.js';
import { unprovenNote } from '../../model/unproven-note.js';
import { valueText } from '../sql-text.js';
import { type Column, count, streamedTableLines } from '../table.js';

/** Rows whose cells set the columns' widths; rows after them are written as they come. */
const WIDTH_SAMPLE = 200;

/** A table as the rows come, the count (known only then) last. */
async function* lines(
  stream: RowStream,
  label: string,
  point: PointName & { unprovenPages?: number; logMismatch?: LogMismatch },
): AsyncGenerator<string> {
  yield `${label}, as of ${pointLabel(point)}:`;
  let rows = 0;
  async function* counted(): AsyncGenerator<SqlValue[]> {
    for await (const row of stream.rows) {
      rows++;
      yield row;
    }
  }
  const columns: Column<SqlValue[]>[] = stream.columns.map((name, i) => ({
    title: printable(name),
    cell: (row) => valueText(row[i] ?? null),
  }));
  if (columns.length > 0) yield* streamedTableLines(columns, counted(), WIDTH_SAMPLE);
  else for await (const row of counted()) void row;
  yield `${count(rows, 'row')}${stream.truncated ? ' (cut at the row limit; --limit raises it)' : ''}`;
  const unproven = unprovenNote(point.unprovenPages, 'the database queried');
  if (unproven) yield unproven;
  const mismatch = logMismatchNote(point.logMismatch, 'the database queried');
  if (mismatch) yield mismatch;
}

/**
 * The query runs in the query process, its rows streamed back a batch at a time (a table writes
 * them as they come, --json once all have): past its time limit the process is ended
 * (QUERY_TIMEOUT, exit 1), so a query that never yields a row cannot hold a core after the
 * command has given up on it.
 */
export const command: Command = {
  async run(args, io) {
    const { values, positionals } = args;
    const at = atPoint(values);
    const limit = limitFrom(values, DEFAULT_ROW_LIMIT);
    const seconds = timeoutFrom(
      values,
      limitsModule.DEFAULT_QUERY_TIMEOUT_SECONDS,
      limitsModule.MAX_QUERY_TIMEOUT_SECONDS,
    );
    const workspace = await workspaceFrom(values, io.env, args.location);
    const points = new PointDatabases();
    const queries = new QueryProcess();
    // Rows are read while they are written; the process and the point's database go once they have been.
    const close = async () => {
      await queries.close();
      await points.dispose();
    };
    try {
      const { built, label } = await withWorkspace(workspace, async () => {
        const namespace = await chooseNamespace(workspace, values);
        const source = await namespace.workspace.restoreSource(namespace.name);
        return {
          built: await points.at(namespace.workspace.layout.root, source, { ...at, words: QUERY_WORDS }),
          label: namespace.label,
        };
      });
      // A table's rows are written as they come and never all in memory, so only the row limit cuts
      // them (one value is still bounded). A --json document is one whole document or none: its rows
      // are all read, within the time limit and the bytes a result may hold, before it is written.
      const defaults = limitsModule.limitsWith(seconds);
      const limits = args.json ? defaults : { ...defaults, maxResultBytes: Number.MAX_SAFE_INTEGER };
      const query = { path: built.path, atFrameNo: built.frameNo, query: positionals[0] ?? '', limit, limits };
      const stream = await queries.stream(query, '--timeout');
      if (!args.json) return { json: null, text: lines(stream, label, built), exitCode: 0, close };
      const rows: SqlValue[][] = [];
      for await (const row of stream.rows) rows.push(row);
      const { atFrameNo, columns, truncated } = stream;
      return { json: { atFrameNo, columns, rows, truncated, ...pointFields(built) }, text: '', exitCode: 0, close };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
