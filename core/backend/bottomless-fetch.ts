import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FetchResult } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import type { Generation } from '../layouts/bottomless-generations.js';
import type { BatchObject } from '../layouts/bottomless-objects.js';
import { walBatches } from '../layouts/bottomless-wal.js';
import type { GenerationsAccess, Layout } from '../layouts/layout.js';
import { publish, writeTemp } from '../storage/atomic-write.js';
import { writeFully } from '../storage/write-fully.js';
import { checkDestination, linkOrCopy } from './deliver.js';

export interface BatchFetch {
  namespace: string;
  frameNo: bigint;
  /** The generation whose frame it is; unset: the newest generation whose WAL holds the frame. */
  generation: string | undefined;
  dest: { path: string } | { dir: string };
  replace: boolean;
  /** Where an object read from a bucket is kept (under its key), hard-linked to the destination; null: not kept. */
  cacheDir: string | null;
}

/** The batch that stands for a frame of a generation: a later batch's rewind cuts an earlier one. */
function batchHolding(g: Generation, frameNo: bigint): BatchObject | null {
  const use = walBatches(g, null).uses.find(
    (u) => BigInt(u.batch.firstFrameNo) <= frameNo && frameNo <= BigInt(u.untilFrameNo),
  );
  return use?.batch ?? null;
}

/**
 * `fetch --frame N [--generation G]` on bottomless: the batch object holding frame N as stored
 * (compressed as the bucket holds it). A folder's file is hard-linked; an object of S3 is
 * downloaded (bounded by its listed size and the remote's time budget) into the cache and linked
 * from there, or straight to the destination when there is no cache.
 */
export async function fetchBatch(layout: Layout, access: GenerationsAccess, request: BatchFetch): Promise<FetchResult> {
  const backup = await access.backup(request.namespace);
  const { generation, frameNo } = request;
  let candidates = backup.generations;
  if (generation !== undefined) {
    candidates = backup.generations.filter((g) => g.id === generation);
    if (candidates.length === 0)
      throw new SegscopeError(
        'INVALID_ARGUMENT',
        `${backup.dbName} has no generation ${generation}; \`segscope list\` shows its generations; fix --generation`,
      );
  }
  let found: BatchObject | null = null;
  for (const g of candidates) {
    found = batchHolding(g, frameNo);
    if (found) break;
  }
  if (!found)
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      `no batch of ${generation === undefined ? 'any generation' : `generation ${generation}`} of namespace ` +
        `"${request.namespace}" holds frame ${frameNo}${
          generation === undefined ? '' : '; --generation picks ' + 'another'
        }`,
    );
  const path = 'path' in request.dest ? request.dest.path : join(request.dest.dir, basename(found.name));
  await checkDestination(path, request.replace);
  const result = { key: found.key, path };
  if (access.local) {
    const cachedPath = layout.filePath(request.namespace, found.key);
    await linkOrCopy(cachedPath, path, request.replace);
    return { ...result, source: 'local', cachedPath };
  }
  if (request.cacheDir === null) {
    await download(access, found, path, request.replace);
    return { ...result, source: 'remote', cachedPath: path };
  }
  const cachedPath = join(request.cacheDir, ...found.key.split('/'));
  const cached = await stat(cachedPath).catch(() => null);
  if (cached?.size !== Number(found.size)) {
    await mkdir(dirname(cachedPath), { recursive: true });
    await download(access, found, cachedPath, true);
  }
  await linkOrCopy(cachedPath, path, request.replace);
  return { ...result, source: 'remote', cachedPath };
}

/** The object's bytes into a temporary file beside the target, published whole or not at all. */
async function download(
  access: GenerationsAccess,
  batch: BatchObject,
  target: string,
  replace: boolean,
): Promise<void> {
  const temp = await writeTemp(target, async (handle, tempPath) => {
    let written = 0;
    for await (const chunk of access.bucket.body(batch.key, batch.size)) {
      await writeFully(handle, [chunk], written, 'the fetched batch', tempPath);
      written += chunk.length;
    }
  });
  await publish(temp, target, {
    replace,
    existsError: () => new SegscopeError('DESTINATION_EXISTS', `the destination already exists: ${target}`),
  });
}
