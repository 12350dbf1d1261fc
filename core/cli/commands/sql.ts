import type { QueryCursor, SqlValue } from '../../timetravel/sql.js';
import { type Command, locationOf } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { atPoint, limitFrom } from '../point-options.js';
import { printable } from '../printable.js';
import { valueText } from '../sql-text.js';
import { type Column, count, tableLines } from '../table.js';

/** Rows whose cells set the columns' widths; rows after them are written as they come. */
const WIDTH_SAMPLE = 200;

/** A table as the rows come, the count (known only then) last. */
function* lines(cursor: QueryCursor, label: string): Generator<string> {
  yield `${label}, as of frame ${cursor.atFrameNo}:`;
  let rows = 0;
  function* counted(): Generator<SqlValue[]> {
    for (const row of cursor.rows) {
      rows++;
      yield row;
    }
  }
  const columns: Column<SqlValue[]>[] = cursor.columns.map((name, i) => ({
    title: printable(name),
    cell: (row) => valueText(row[i] ?? null),
  }));
  if (columns.length > 0) yield* tableLines(columns, counted(), WIDTH_SAMPLE);
  else for (const row of counted()) void row;
  yield `${count(rows, 'row')}${cursor.truncated ? ' (cut at the row limit; --limit raises it)' : ''}`;
}

export const command: Command = {
  async run(args, io) {
    const { values, positionals } = args;
    const { PointDatabases } = await import('../../timetravel/point-database.js');
    const { DEFAULT_ROW_LIMIT, openQuery } = await import('../../timetravel/sql.js');
    const at = atPoint(values);
    const limit = limitFrom(values, DEFAULT_ROW_LIMIT);
    const workspace = await workspaceFrom(values, io.env, locationOf(args));
    const points = new PointDatabases();
    try {
      const { built, label } = await withWorkspace(workspace, async () => {
        const namespace = await chooseNamespace(workspace, values);
        const source = await workspace.restoreSource(namespace.name);
        return { built: await points.at(workspace.layout.root, source, at), label: namespace.label };
      });
      const cursor = openQuery(built.path, built.frameNo, positionals[0] ?? '', limit);
      // Rows are read while they are written; the point's database goes once they have been.
      const close = async () => {
        cursor.close();
        await points.dispose();
      };
      return { json: cursor, text: lines(cursor, label), exitCode: 0, close };
    } catch (error) {
      await points.dispose();
      throw error;
    }
  },
};
