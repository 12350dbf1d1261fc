import type { QueryCursor, SqlValue } from '../../timetravel/sql.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { atPoint, limitFrom } from '../point-options.js';
import { namespaceOption } from '../remote-options.js';

function text(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return `x'${value.$hex}'`;
  return String(value);
}

/** Tab-separated lines as the rows come, the count (known only then) last. */
function* lines(cursor: QueryCursor): Generator<string> {
  yield `as of frame ${cursor.atFrameNo}:`;
  if (cursor.columns.length > 0) yield cursor.columns.join('\t');
  let count = 0;
  for (const row of cursor.rows) {
    count++;
    yield row.map(text).join('\t');
  }
  yield `${count} rows${cursor.truncated ? ' (cut at the row limit)' : ''}`;
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const { PointDatabases } = await import('../../timetravel/point-database.js');
    const { DEFAULT_ROW_LIMIT, openQuery } = await import('../../timetravel/sql.js');
    const at = atPoint(values);
    const limit = limitFrom(values, DEFAULT_ROW_LIMIT);
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    const points = new PointDatabases();
    try {
      const built = await withWorkspace(workspace, async () => points.at(workspace.layout.root, await workspace.restoreSource(workspace.namespace(namespaceOption(values))), at));
      const cursor = openQuery(built.path, built.frameNo, positionals[1] ?? '', limit);
      // Rows are read while they are written; the point's database goes once they have been.
      const close = async () => {
        cursor.close();
        await points.dispose();
      };
      return { json: cursor, text: lines(cursor), exitCode: 0, close };
    } catch (error) {
      await points.dispose();
      throw error;
    }
  },
};
