import type {
  DamagedPiece,
  FrameRange,
  ListedSegment,
  Overlap,
  UnrecognizedFile,
  VerifiedSegment,
} from '../model/results.js';
import type { Problem } from '../model/problem.js';
import { SQLD_FRAME_SIZE } from '../format/sqld-frame.js';
import { SNAPSHOT_HEADER_SIZE, claimedFormat } from '../format/sqld-snapshot.js';
import { HEAD_SIZE } from '../format/detect.js';
import { quickLook } from '../format/quick-status.js';
import { probeFileSync } from '../storage/local-file.js';
import { WALLOG_HEADER_SIZE } from '../format/wallog.js';
import { CHAIN_ENTRY } from './chain.js';
import { uuidFromLeBytes } from '../format/uuid.js';
import { bytesAt } from '../storage/bytes-at.js';

/** The pieces of a default-mode namespace's log a restore applies, and what the rest are. */
export interface LogChain {
  /** In frame order: each starts right after the one before (where the chain holds). */
  chosen: ListedSegment[];
  /** Pieces inside a chosen one: a merge's inputs left beside it, a log already compacted. */
  leftovers: ListedSegment[];
  gaps: FrameRange[];
  /** Pieces that overlap a chosen one without lying inside it: no history sqld writes. */
  partial: Overlap[];
}

const isLog = (s: ListedSegment) => s.format === 'wallog';

/**
 * sqld's own rule for rebuilding a namespace from its log: from frame 0, at each start the piece
 * reaching furthest (a log before a snapshot of the same range, since a log holds every commit);
 * pieces inside a chosen one are leftovers; a gap or a partial overlap breaks the chain. A log
 * with no committed frame (right after a compaction) holds nothing to choose.
 */
export function chooseLogPieces(pieces: readonly ListedSegment[]): LogChain {
  const ordered = pieces
    .filter((s) => s.endFrameNo >= s.startFrameNo && !(isLog(s) && s.size <= BigInt(WALLOG_HEADER_SIZE)))
    .sort((a, b) => {
      if (a.startFrameNo !== b.startFrameNo) return a.startFrameNo < b.startFrameNo ? -1 : 1;
      if (a.endFrameNo !== b.endFrameNo) return a.endFrameNo > b.endFrameNo ? -1 : 1;
      return Number(isLog(b)) - Number(isLog(a));
    });
  const chain: LogChain = { chosen: [], leftovers: [], gaps: [], partial: [] };
  let reach = -1n;
  for (const piece of ordered) {
    if (piece.endFrameNo <= reach) {
      chain.leftovers.push(piece);
      continue;
    }
    const last = chain.chosen.at(-1);
    if (piece.startFrameNo > reach + 1n)
      chain.gaps.push({ fromFrameNo: reach + 1n, toFrameNo: piece.startFrameNo - 1n });
    else if (last && piece.startFrameNo <= reach) {
      chain.partial.push({ a: last.file, b: piece.file, fromFrameNo: piece.startFrameNo, toFrameNo: reach });
    }
    chain.chosen.push(piece);
    reach = piece.endFrameNo;
  }
  return chain;
}

/** A piece (segment, snapshot) whose header disagrees with its name, as points and restores see it. */
export interface MisnamedPiece {
  /** HEADER_MISMATCH naming both ranges, as `points` names it. */
  piece: DamagedPiece;
  /** The first frame of its name's range that no chosen piece holds; null when they hold all of it. */
  neededFrom: bigint | null;
  /** The frames its name says it holds, and those its header says (null where it cannot be read). */
  named: FrameRange;
  header: FrameRange | null;
}

const rangeWords = (r: FrameRange | null): string => (r ? `${r.fromFrameNo}..${r.toFrameNo}` : 'another range');

/**
 * What a piece whose header disagrees with its name means to a restore: none of its frames are
 * applied (nothing proves which range they are), and a point at or past the first frame only its
 * name claims would stand on it. One that merely shadows the pieces holding its range is needed
 * by no point.
 */
export function misnamedPiece(misnamed: ListedSegment, chosen: readonly ListedSegment[]): MisnamedPiece {
  let from = misnamed.startFrameNo;
  for (const piece of chosen) if (piece.startFrameNo <= from && piece.endFrameNo >= from) from = piece.endFrameNo + 1n;
  const named = { fromFrameNo: misnamed.startFrameNo, toFrameNo: misnamed.endFrameNo };
  const header = headerRange(misnamed.path);
  const neededFrom = from <= misnamed.endFrameNo ? from : null;
  const needed = neededFrom !== null ? `; the log's frames from ${neededFrom} on would stand on it` : '';
  const message =
    `${misnamed.file}: the file name says frames ${rangeWords(named)} but the header says ${rangeWords(header)}: ` +
    `a piece whose header disagrees with its name (a copy or a rename) is no restore point${needed}`;
  const piece: DamagedPiece = { file: misnamed.file, code: 'HEADER_MISMATCH', message };
  return {
    piece: neededFrom !== null ? { ...piece, fromFrameNo: neededFrom } : { ...piece, shadowed: true },
    neededFrom,
    named,
    header,
  };
}

/**
 * Where frames no piece holds are, when a piece's header says it holds some of them though its name
 * does not (renamed, or copied under another name, or under a name sqld never gives: `unnamed`,
 * the listing's unrecognized files whose header it read): that file, not lost frames, is why they
 * are missing. Restore's CHAIN_GAP and verify's chain name it in these words; null where none does.
 */
export function misnamedHolder(
  gap: FrameRange,
  misnamed: readonly MisnamedPiece[],
  unnamed: readonly UnrecognizedFile[],
): string | null {
  const meets = (r: FrameRange | null | undefined): r is FrameRange =>
    !!r && r.fromFrameNo <= gap.toFrameNo && r.toFrameNo >= gap.fromFrameNo;
  const holder = misnamed.find(({ header }) => meets(header));
  if (holder)
    return (
      `${holder.piece.file}'s header says it holds frames ${rangeWords(holder.header)}, its name ` +
      `${rangeWords(holder.named)}: a copy or a rename`
    );
  const other = unnamed.find(({ holds }) => meets(holds));
  return other?.holds
    ? `${other.file}'s header says it holds frames ${rangeWords(other.holds)}, under a name sqld never gives: ` +
        'a copy or a rename'
    : null;
}

/** The frame range a piece's header records, as listings read it; null where it cannot be read. */
function headerRange(path: string): FrameRange | null {
  const probe = probeFileSync(path, new Uint8Array(HEAD_SIZE));
  const look = probe && !('notRegular' in probe) ? quickLook(probe, undefined, claimedFormat(path)) : null;
  if (!look || look.startFrameNo === null || look.endFrameNo === null) return null;
  return { fromFrameNo: look.startFrameNo, toFrameNo: look.endFrameNo };
}

/** A little-endian u64 at `at` of a file; null where the file is shorter or unreadable. */
function u64At(path: string, at: number): bigint | null {
  const bytes = bytesAt(path, at, 8);
  return bytes ? new DataView(bytes.buffer).getBigUint64(0, true) : null;
}

/** The log_id in a piece's header (a log's at 16, a snapshot's at 0). */
function logIdOf(piece: ListedSegment): string | null {
  const bytes = bytesAt(piece.path, isLog(piece) ? 16 : 0, 16);
  return bytes ? uuidFromLeBytes(bytes) : null;
}

/**
 * The first chosen piece whose log_id is not the newest piece's: every log of one history, and
 * every snapshot of it, shares one log_id (a rebuilt log takes a new one and deletes the old
 * snapshots), so pieces with two are two histories, and frames of one would land on the other.
 */
export function mixedLogIds(chosen: readonly ListedSegment[]): Problem | null {
  const newest = chosen.at(-1);
  const id = newest ? logIdOf(newest) : null;
  if (!newest || id === null) return null;
  for (const piece of chosen) {
    const other = logIdOf(piece);
    if (other !== null && other !== id)
      return {
        code: 'CHAIN_BROKEN',
        message:
          `${piece.file} belongs to log ${other} and ${newest.file} to log ${id}: pieces of two histories ` +
          `(sqld gives every piece of one log the same log_id)`,
        severity: 'error',
      };
  }
  return null;
}

/** The checksum of the piece's newest frame: a snapshot's first frame, a log's last committed one. */
function endChecksum(piece: ListedSegment): bigint | null {
  if (!isLog(piece)) return u64At(piece.path, SNAPSHOT_HEADER_SIZE + 8);
  const count = piece.endFrameNo - piece.startFrameNo + 1n;
  return u64At(piece.path, WALLOG_HEADER_SIZE + Number(count - 1n) * SQLD_FRAME_SIZE + 8);
}

/**
 * The log as a whole, for `verify`: complete from frame 0 to its newest committed frame, no
 * partial overlap, leftovers named (warnings), and each log's start_checksum continuing the
 * chain of the piece before it (a mismatch is a warning: sqld itself never checks it).
 */
export function checkLogChain(
  pieces: readonly ListedSegment[],
  misnamed: readonly ListedSegment[],
  unnamed: readonly UnrecognizedFile[],
): VerifiedSegment {
  const chain = chooseLogPieces(pieces);
  const problems: Problem[] = [];
  const gap = chain.gaps[0];
  if (gap) {
    const more = chain.gaps.length > 1 ? ` (and ${chain.gaps.length - 1} more gaps)` : '';
    const holder = misnamedHolder(
      gap,
      misnamed.map((s) => misnamedPiece(s, chain.chosen)),
      unnamed,
    );
    problems.push({
      code: 'CHAIN_GAP',
      message:
        `the log breaks first at frames ${gap.fromFrameNo}..${gap.toFrameNo}, which no snapshot or log ` +
        `holds${holder === null ? '' : ` (${holder})`}${more}`,
      severity: 'error',
    });
  }
  for (const o of chain.partial) {
    problems.push({
      code: 'CHAIN_BROKEN',
      message:
        `${o.a} and ${o.b} overlap at frames ${o.fromFrameNo}..${o.toFrameNo} without one holding the ` +
        `other: sqld never leaves such pieces`,
      severity: 'error',
    });
  }
  for (const l of chain.leftovers) {
    problems.push({
      code: 'OVERLAP_CONFLICT',
      message:
        `${l.file} lies inside a wider piece of the log (a merge's input or a log already compacted, ` +
        `left by a crash); a restore skips it`,
      severity: 'warning',
    });
  }
  const mixed = mixedLogIds(chain.chosen);
  if (mixed) problems.push(mixed);
  chain.chosen.forEach((piece, i) => {
    const before = chain.chosen[i - 1];
    if (!before || !isLog(piece) || piece.startFrameNo !== before.endFrameNo + 1n) return;
    const start = u64At(piece.path, 8);
    const end = endChecksum(before);
    if (start !== null && end !== null && start !== end) {
      problems.push({
        code: 'CHAIN_BROKEN',
        message: `${piece.file} starts its CRC-64 chain from ${start}, but ${before.file} ends with ${end}`,
        severity: 'warning',
      });
    }
  });
  return { file: CHAIN_ENTRY, ok: !problems.some((p) => p.severity === 'error'), problems };
}
