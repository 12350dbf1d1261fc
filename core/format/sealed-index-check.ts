import { crc32 } from './crc32.js';
import { viewOf } from './byte-fields.js';
import { FstMap } from './fst.js';
import type { ProblemLog } from './problem.js';
import { hex32 } from './hex32.js';

/** What the index is checked against: the page each slot holds, as the slots were read. */
export interface SlotPages {
  /** The page each slot holds. */
  pageOfSlot: Uint32Array;
  /** The largest page number a slot holds. */
  maxPage: number;
  /** Slots of committed transactions (from the first). */
  committedSlots: number;
  /** Slots before the index. */
  bodySlots: number;
}

/**
 * Page → slot of its newest committed frame (-1: none), with the number of pages committed.
 * A typed array indexed by page where the pages are few enough, as they are in any real
 * database; a Map beyond that, so a damaged page number cannot demand gigabytes.
 */
function newestSlots(read: SlotPages): { slotOf: (pageNo: number) => number; pages: number } {
  const committed = read.committedSlots;
  const pageOfSlot = read.pageOfSlot;
  if (read.maxPage <= 1 << 24) {
    const slots = new Int32Array(read.maxPage + 1).fill(-1);
    let pages = 0;
    // Locals and no fallbacks: this runs for every frame of a GiB, and each page number is
    // below slots.length (maxPage bounds them).
    for (let s = 0; s < committed; s++) {
      const pageNo = pageOfSlot[s] as number;
      if (slots[pageNo] === -1) pages++;
      slots[pageNo] = s;
    }
    return { slotOf: (pageNo) => (pageNo < slots.length ? (slots[pageNo] ?? -1) : -1), pages };
  }
  const slots = new Map<number, number>();
  for (let s = 0; s < committed; s++) slots.set(pageOfSlot[s] ?? 0, s);
  return { slotOf: (pageNo) => slots.get(pageNo) ?? -1, pages: slots.size };
}

/**
 * A sealed segment's index piece (the fst and the CRC-32 after it, which continues the slots'
 * chain): its CRC, and every entry against the slots — the newest committed frame of each page,
 * each committed page listed. libsql-wal checks neither on open. Returns the stored and computed CRC.
 */
export function checkSealedIndex(
  piece: Uint8Array,
  chain: number,
  read: SlotPages,
  log: ProblemLog,
): { stored: number; computed: number } {
  const index = piece.subarray(0, piece.length - 4);
  const stored = viewOf(piece).getUint32(piece.length - 4, true);
  const computed = crc32(index, chain);
  const crc = { stored, computed };
  if (stored !== computed) {
    log.add(
      'INDEX_CHECKSUM',
      `the index's CRC-32 is ${hex32(computed)} but ${hex32(stored)} is stored (libsql-wal does not check it on open)`,
    );
  }
  checkIndexEntries(index, read, log);
  return crc;
}

/**
 * An index (an fst of page → slot) against the slots it indexes: each entry the newest committed
 * frame of its page, each committed page listed. A sealed segment's and a bucket's index object alike.
 */
export function checkIndexEntries(index: Uint8Array, read: SlotPages, log: ProblemLog): void {
  let map: FstMap;
  try {
    map = FstMap.decode(index);
  } catch (error) {
    log.add('INDEX_CHECKSUM', error instanceof Error ? error.message : String(error));
    return;
  }
  const newest = newestSlots(read);
  const { bodySlots, pageOfSlot } = read;
  let listed = 0;
  const check = (key: number, keyLength: number, value: number) => {
    listed++;
    const pageNo = keyLength === 4 ? key : null;
    const slot = value < bodySlots ? value : -1;
    if (pageNo === null || slot < 0) {
      log.add(
        'INDEX_MISMATCH',
        `the index maps ${pageNo === null ? 'a malformed key' : `page ${pageNo}`} to ` +
          `frame ${Number.isNaN(value) ? 'past 2^53' : value}, past the segment's ${bodySlots} frames`,
      );
    } else if (pageOfSlot[slot] !== pageNo) {
      log.add(
        'INDEX_MISMATCH',
        `the index maps page ${pageNo} to frame ${slot}, which holds page ${pageOfSlot[slot] ?? '?'}`,
      );
    } else if (newest.slotOf(pageNo) !== slot) {
      const actual = newest.slotOf(pageNo);
      log.add(
        'INDEX_MISMATCH',
        `the index maps page ${pageNo} to frame ${slot}, not to its newest committed ` +
          `frame ${actual < 0 ? 'none' : actual}`,
      );
    }
  };
  try {
    map.forEachNumeric(check);
  } catch (error) {
    log.add('INDEX_CHECKSUM', error instanceof Error ? error.message : String(error));
    return;
  }
  if (listed !== newest.pages) {
    log.add('INDEX_MISMATCH', `the index lists ${listed} pages but the committed frames hold ${newest.pages}`);
  }
}
