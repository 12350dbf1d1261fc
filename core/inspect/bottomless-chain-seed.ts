import { isSegscopeError } from '../errors.js';
import { type BatchKey, checkBatchRange, parseBatchKey } from '../format/bottomless-batch-key.js';
import { BatchFrameReader, type BatchReadState, type ByteOrder } from '../format/bottomless-batch.js';
import type { GenerationMeta } from '../format/bottomless-meta.js';
import type { WalChecksum } from '../format/sqlite-wal-checksum.js';
import type { GenerationsBucket } from '../layouts/bottomless-generations.js';
import type { BatchObject } from '../layouts/bottomless-objects.js';
import { walBatches } from '../layouts/bottomless-wal.js';
import { listPages } from '../storage/list-pages.js';

/** Where a batch's first frame continues the generation's checksum chain from, or why that is unknown. */
export type ChainSeed =
  { known: true; checksum: WalChecksum; order: ByteOrder | null; from: string } | { known: false; why: string };

/** Reading more earlier batches than this to find one batch's seed is verify's work, not inspect's. */
const MAX_EARLIER_BATCHES = 2000;

const unknown = (why: string): ChainSeed => ({ known: false, why });

/** The batches beside `key` in its folder that the writer flushed before it, as the WAL's order takes them. */
async function earlierBatches(bucket: GenerationsBucket, folder: string, key: string, named: BatchKey) {
  const batches: BatchObject[] = [];
  for await (const page of listPages(bucket.store, folder, '/')) {
    for (const object of page.objects) {
      const name = object.key.slice(folder.length);
      const parsed = parseBatchKey(name);
      if (!parsed || object.key === key || parsed.firstFrameNo < 1 || parsed.lastFrameNo < parsed.firstFrameNo)
        continue;
      const before =
        parsed.timestampSecs < named.timestampSecs ||
        (parsed.timestampSecs === named.timestampSecs && parsed.firstFrameNo < named.firstFrameNo);
      if (before) batches.push({ ...parsed, key: object.key, name, size: object.size, generation: '' });
    }
  }
  return walBatches({ batches }, null).uses;
}

/**
 * The checksum the batch's first frame must continue: `.meta`'s pair for frame 1, else the last
 * sums of the frames before it, read from `.meta` through the batches beside it (bounded). Unknown
 * without `.meta`, without frame numbers in the name, or where the frames before it are incomplete.
 */
export async function chainSeed(
  bucket: GenerationsBucket,
  folder: string,
  key: string,
  named: BatchKey | null,
  meta: GenerationMeta | null,
): Promise<ChainSeed> {
  if (!meta) return unknown('no readable .meta beside it');
  if (!named) return unknown('its name gives no frame numbers');
  try {
    checkBatchRange(key, named);
  } catch {
    return unknown('its name gives no range of frames');
  }
  if (named.firstFrameNo === 1) return { known: true, checksum: meta.checksum, order: null, from: '.meta' };
  try {
    const uses = await earlierBatches(bucket, folder, key, named);
    if (uses.length > MAX_EARLIER_BATCHES)
      return unknown(`${uses.length} batches come before it; segscope verify checks the whole chain`);
    const state: BatchReadState = { checksum: meta.checksum, order: null };
    let next = 1;
    let read = 0;
    for (const use of uses) {
      if (next >= named.firstFrameNo || use.batch.firstFrameNo !== next) break;
      read++;
      const stop = Math.min(use.untilFrameNo, named.firstFrameNo - 1);
      const seen: { broken: number | null } = { broken: null };
      const reader = new BatchFrameReader(use.batch.firstFrameNo, meta.pageSize, state, (frame) => {
        if (!frame.checksumOk) {
          seen.broken = frame.frameNo;
          return false;
        }
        next = frame.frameNo + 1;
        return frame.frameNo < stop;
      });
      for await (const chunk of bucket.batchBytes(use.batch, meta.pageSize)) {
        reader.push(chunk);
        if (reader.done) break;
      }
      if (seen.broken !== null) return unknown(`the chain breaks earlier, at frame ${seen.broken} in ${use.batch.key}`);
      if (next <= stop) break;
    }
    if (next < named.firstFrameNo)
      return unknown(`frames ${next}..${named.firstFrameNo - 1} before it are in no batch beside it`);
    return { known: true, checksum: state.checksum, order: state.order, from: `.meta and ${read} earlier batch(es)` };
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    return unknown(`an earlier batch could not be read (${error.code}: ${error.message})`);
  }
}
