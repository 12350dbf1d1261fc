import type { DamagedPiece, PointsResult, RestorePoint } from '../../model/results.js';
import { listPoints } from '../../restore/points.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { frameArgument } from '../../model/point-text.js';
import { printable, problemText } from '../printable.js';
import { type Column, count, tableLines } from '../table.js';

const COLUMNS: Column<RestorePoint>[] = [
  // What --until-frame/--at-frame take for the point (wal:N for a commit of data-wal); a bottomless
  // point's generation has a column of its own.
  { title: 'frame', cell: (p) => frameArgument({ frameNo: p.frameNo, walFrame: p.walFrame }), right: true },
  { title: 'time', cell: (p) => p.time ?? '-' },
  { title: 'segment', cell: (p) => printable(p.segment) },
];

/** Where frames restart per generation (bottomless), each point says its generation. */
const WITH_GENERATION: Column<RestorePoint>[] = [
  ...COLUMNS.slice(0, -1),
  { title: 'generation', cell: (p) => p.generation ?? '-' },
  ...COLUMNS.slice(-1),
];

function* render(result: PointsResult, label: string): Generator<string> {
  yield `${count(result.points.length, 'restore point')} of ${label}`;
  if (result.points.length > 0)
    yield* tableLines(result.points[0]?.generation !== undefined ? WITH_GENERATION : COLUMNS, result.points);
  for (const u of result.unreadable ?? []) yield `not read: ${problemText(u)}; ${leftOut(u)}`;
  const gap = result.gap;
  if (gap)
    yield (
      `gap: frames ${gap.fromFrameNo}..${gap.toFrameNo} are in no segment; the points from frame ` +
      `${gap.fromFrameNo} on are not listed (restore refuses them with CHAIN_GAP)`
    );
}

/** Which points a piece not read leaves out, counted as its own history counts them. */
function leftOut(u: DamagedPiece): string {
  if (u.shadowed) return 'no point stands on it: the pieces that hold its frames are listed';
  if (u.generation !== undefined && u.fromFrameNo === undefined)
    return `no point of generation ${u.generation}, nor of the generations whose restore replays it, is listed`;
  if (u.generation !== undefined)
    return (
      `the points of generation ${u.generation} from frame ${u.fromFrameNo ?? 1n} on, and of the generations ` +
      'whose restore replays it, are not listed'
    );
  if (u.fromWalFrame !== undefined) return `its points from wal:${u.fromWalFrame} on are not listed`;
  if (u.fromFrameNo === undefined) return "its points and the log's after it are not listed";
  return `its points from frame ${u.fromFrameNo} on and the log's after them are not listed`;
}

/**
 * A point as `points --json` gives it: `at` is what --until-frame, --at-frame, --from and --to take.
 * A commit of data-wal has no frame of the log: its `frameNo` is null, and the log's newest frame,
 * which it follows, is `logFrameNo`: asked for as a frame, that is the log's newest state, not this point's.
 */
function pointJson(point: RestorePoint): object {
  const at = frameArgument(point);
  if (point.walFrame === undefined) return { at, ...point };
  return { at, ...point, frameNo: null, logFrameNo: point.frameNo };
}

export const command: Command = {
  async run(args, io) {
    const workspace = await workspaceFrom(args.values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, args.values);
      const result = await listPoints(await namespace.workspace.restoreSource(namespace.name));
      // Points left out are a problem found (exit 1), though the ones listed stand.
      const exitCode = result.unreadable || result.gap ? (1 as const) : (0 as const);
      const json = { ...result, points: result.points.map(pointJson) };
      return { json, text: render(result, namespace.label), exitCode };
    });
  },
};
