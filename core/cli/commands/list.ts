import type { DatabaseFileInfo, FrameRange, ListResult, ListedSegment, ListedSegments } from '../../model/results.js';
import { uncommittedTail } from '../../model/uncommitted-tail.js';
import { WAL_INDEXES } from '../../model/wal-indexes.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { printable, problemText } from '../printable.js';
import { type Column, count, tableLines } from '../table.js';

const COLUMNS: Column<ListedSegment>[] = [
  { title: 'start frame', cell: (s) => String(s.startFrameNo), right: true },
  // A log that holds no committed frame yet names the frame before its first: not a range (the screen's dash).
  { title: 'end frame', cell: (s) => (s.endFrameNo < s.startFrameNo ? '-' : String(s.endFrameNo)), right: true },
  { title: 'created', cell: (s) => s.createdAt ?? '-' },
  { title: 'format', cell: (s) => s.format },
  { title: 'size', cell: (s) => String(s.size), right: true },
  { title: 'location', cell: (s) => s.location },
  { title: 'status', cell: (s) => s.status },
  { title: 'file', cell: (s) => printable(s.file) + walNote(s) },
];

/** A WAL file's row: its frame indexes are SQLite's, and frames after its last commit are in no range. */
function walNote(s: ListedSegment): string {
  if (s.format !== 'sqlite-wal') return '';
  const tail = uncommittedTail(s.uncommittedFrames);
  return ` (${WAL_INDEXES}${tail ? `; ${tail} after its last commit, as by SQLite` : ''})`;
}

/** Where frames restart per generation (bottomless), each row says its generation. */
const WITH_GENERATION: Column<ListedSegment>[] = [
  ...COLUMNS.slice(0, -1),
  { title: 'generation', cell: (s) => s.generation ?? '-' },
  ...COLUMNS.slice(-1),
];

function hasGenerations(segments: ListedSegments): boolean {
  for (const s of segments) return s.generation !== undefined;
  return false;
}

/** What the namespace's database file holds, in the words of the mode that keeps it. */
function databaseLine(db: DatabaseFileInfo): string {
  const head = `database file: ${printable(db.path)}, ${count(db.pages, 'page')}`;
  if (db.kind === 'default-mode')
    return `${head}, SQLite's database as of its last checkpoint (point wal:0); data-wal's commits follow it`;
  return `${head}, checkpointed through frame ${db.replicationIndex ?? 'unknown (no footer)'}`;
}

/** Lines as they are written: 200,000 segments are never one string (nor 200,000 of them). */
function* render(result: ListResult<ListedSegments>, label: string): Generator<string> {
  const where = `${printable(result.prefix)} (${result.layout} layout)`;
  yield `${count(result.segments.length, 'segment')} of ${label} in ${where}, max frame ${result.maxFrameNo ?? 'none'}`;
  if (result.remoteMaxFrameNo !== null) {
    yield (
      `newest frame on this disk ${result.localMaxFrameNo ?? 'none'}; durable in the ` +
      `remote ${result.remoteMaxFrameNo}`
    );
  }
  if (result.database) yield databaseLine(result.database);
  if (result.segments.length > 0)
    yield* tableLines(hasGenerations(result.segments) ? WITH_GENERATION : COLUMNS, result.segments);
  const inGeneration = (r: FrameRange) => (r.generation === undefined ? '' : ` of generation ${r.generation}`);
  for (const g of result.gaps) yield `gap: frames ${g.fromFrameNo}..${g.toFrameNo}${inGeneration(g)} are in no segment`;
  for (const o of result.overlaps) {
    yield (
      `overlap: frames ${o.fromFrameNo}..${o.toFrameNo}${inGeneration(o)} are in both ` +
      `${printable(o.a)} and ${printable(o.b)}`
    );
  }
  for (const u of result.unrecognized) yield `unrecognized: ${printable(u.file)}: ${problemText(u)}`;
}

export const command: Command = {
  async run(args, io) {
    const workspace = await workspaceFrom(args.values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, args.values);
      const result = await namespace.workspace.list(namespace.name);
      return { json: result, text: render(result, namespace.label), exitCode: 0 as const };
    });
  },
};
