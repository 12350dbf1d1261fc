import { createReadStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { publish, writeTemp } from '../backend/atomic-write.js';
import { readSegmentDir } from '../backend/segment-dir.js';
import { SegmentIndex } from '../backend/segment-index.js';
import { SegscopeError, fsError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import type { RemoteListing, RemoteObject, RemoteSegment, RemoteStorage } from './remote.js';
import { remoteSegmentsPrefix } from './remote-layout.js';

const CHUNK = 1 << 20;

/**
 * A remote kept in a local directory laid out exactly like the S3 bucket
 * (`<dir>/ns-{cluster_id}:{namespace}-v2/segments/{key}`): for air-gapped copies of a bucket, the
 * demo, and tests. It is read afresh on every call, like a bucket someone else writes to.
 */
export class DirectoryRemote implements RemoteStorage {
  readonly kind = 'directory';
  readonly layout = 'legacy';
  readonly description: string;

  constructor(
    private readonly root: string,
    private readonly clusterId: string,
  ) {
    this.description = `file://${root} (cluster ${clusterId})`;
  }

  private folder(namespace: string): string {
    return join(this.root, ...remoteSegmentsPrefix(this.clusterId, namespace).split('/'));
  }

  async check(): Promise<void> {
    const info = await stat(this.root).catch((error: unknown) => {
      throw new SegscopeError('REMOTE_UNAVAILABLE', `the remote directory cannot be reached: ${fsError(error, 'it', this.root).message}`);
    });
    if (!info.isDirectory()) throw new SegscopeError('REMOTE_UNAVAILABLE', `the remote is not a directory: ${this.root}`);
  }

  async upload(filePath: string, namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    await this.check();
    const folder = this.folder(namespace);
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
      throw fsError(error, 'the remote folder', folder);
    });
    const source = await open(filePath, 'r').catch((error: unknown) => {
      throw fsError(error, 'the segment to upload', filePath);
    });
    const total = (await source.stat()).size;
    const target = join(folder, key);
    try {
      const temp = await writeTemp(target, async (handle) => {
        const buffer = new Uint8Array(CHUNK);
        let done = 0;
        for (;;) {
          const { bytesRead } = await source.read(buffer, 0, CHUNK, null);
          if (bytesRead === 0) break;
          await handle.write(buffer, 0, bytesRead);
          done += bytesRead;
          onProgress?.({ id: `upload:${key}`, phase: 'upload', done, total });
        }
      });
      // Re-uploading the same key replaces the object, as a PUT to S3 would.
      await publish(temp, target, { replace: true, existsError: () => new SegscopeError('SEGMENT_EXISTS', key) });
    } finally {
      await source.close();
    }
  }

  async list(namespace: string): Promise<RemoteListing> {
    await this.check();
    const folder = this.folder(namespace);
    const { segments, unrecognized } = await readSegmentDir(folder);
    const listed: RemoteSegment[] = [];
    for (const segment of new SegmentIndex(segments).all()) {
      const info = await stat(join(folder, segment.name)).catch(() => null);
      if (!info) continue; // removed since the directory was read
      const { name, ...key } = segment;
      listed.push({ key: name, ...key, size: BigInt(info.size) });
    }
    return { segments: listed, unrecognized };
  }

  async fetch(namespace: string, frameNo: bigint): Promise<RemoteObject | null> {
    await this.check();
    const folder = this.folder(namespace);
    const found = new SegmentIndex((await readSegmentDir(folder)).segments).find(frameNo);
    if (!found) return null;
    const path = join(folder, found.name);
    const info = await stat(path).catch((error: unknown) => {
      throw new SegscopeError('REMOTE_NOT_FOUND', `${found.name} vanished from the remote between listing and reading`, { cause: error });
    });
    const { name, ...key } = found;
    return { segment: { key: name, ...key, size: BigInt(info.size) }, body: createReadStream(path), contentLength: BigInt(info.size) };
  }

  async close(): Promise<void> {}
}
