import { SegscopeError } from '../errors.js';
import { BottomlessLayout } from './bottomless-layout.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { RemoteListing, RemoteObject, RemoteStorage } from './remote.js';

/**
 * A bottomless bucket as a remote. It belongs to sqld and its frames restart in every
 * generation, so it is no place to store segments nor to fetch one by frame alone: the workspace
 * reads it as its layout (`layoutOverBucket`), and this side answers the settings' questions
 * (check, namespaces, list).
 */
export class BottomlessRemote implements RemoteStorage {
  readonly layout = 'bottomless';
  readonly description: string;
  readonly layoutOverBucket: BottomlessLayout;

  constructor(
    readonly kind: 'directory' | 's3',
    readonly store: ObjectStore,
    root: string,
    othersBeside = false,
  ) {
    this.layoutOverBucket = new BottomlessLayout(root, store, othersBeside, 'remote');
    this.description = `${store.description}, bottomless layout`;
  }

  check(): Promise<void> {
    return this.store.check();
  }

  async namespaces(): Promise<string[]> {
    return (await this.layoutOverBucket.namespaceNames()).names;
  }

  async list(namespace: string): Promise<RemoteListing> {
    const backup = await this.layoutOverBucket.backup(namespace);
    const segments = backup.generations.flatMap((g) =>
      g.batches.map((b) => ({
        key: b.key,
        startFrameNo: BigInt(b.firstFrameNo),
        endFrameNo: BigInt(b.lastFrameNo),
        createdAt: BigInt(b.timestampSecs),
        size: b.size,
      })),
    );
    return { segments, unrecognized: backup.foreign };
  }

  upload(): Promise<void> {
    return Promise.reject(
      new SegscopeError(
        'READ_ONLY_LAYOUT',
        `${this.description} holds sqld's bottomless backups: Segscope never writes into it; store into ` +
          `another --remote`,
      ),
    );
  }

  fetch(): Promise<RemoteObject | null> {
    return Promise.reject(
      new SegscopeError(
        'INVALID_ARGUMENT',
        `frames restart in every generation of ${this.description}: open the bucket itself (--remote alone) ` +
          `and fetch with --generation`,
      ),
    );
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
