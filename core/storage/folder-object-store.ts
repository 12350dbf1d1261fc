import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { isTempName, tempPathBeside } from './atomic-write.js';
import { linkRefused } from './local-file.js';
import { firstLink } from './no-links.js';
import {
  type ListOptions,
  type ListPage,
  type ListedObject,
  type ObjectStore,
  type StoredObject,
  countRequest,
} from './object-store.js';

const PAGE = 1000;

/** Keys are paths below the folder; nothing that could climb out of it is ever joined. */
function checkKey(key: string): string {
  const parts = key.split('/');
  if (key === '' || key.includes('\\') || key.includes('\0') || parts.some((p) => p === '..' || p === '.')) {
    throw new SegscopeError('UNSAFE_PATH', `"${key}" is not a key a folder laid out like a bucket can hold; refused`);
  }
  return key;
}

/**
 * A symbolic link in a bucket copy: a bucket has none, and following one would show another
 * place's files as the bucket's, so the listing or read is refused, naming it (as the local layouts do).
 */
function linkInBucket(root: string, key: string): SegscopeError {
  return new SegscopeError(
    'SYMBOLIC_LINK',
    `${key} in the bucket folder ${root} is a symbolic link; a bucket holds none and Segscope follows none ` +
      '(copy the file it points to in its place, or remove it)',
  );
}

/** What one listing walks for: keys under the prefix, after `after`; `rollUp`: '/' is its delimiter. */
interface WalkScope {
  prefix: string;
  after: string | undefined;
  rollUp: boolean;
}

/**
 * A local folder laid out exactly like a bucket (`file://`): the object `a/b/c` is the file
 * `<root>/a/b/c`. Listing walks the folders in key order, so it answers as S3 does: keys in byte
 * order, StartAfter, a limit, and "folders" with a delimiter. No symbolic link is followed.
 */
export class FolderObjectStore implements ObjectStore {
  readonly requests = new Map<string, number>();
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `file://${root}`;
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  /**
   * The file keys below `dirKey` (a key prefix ending in '/', or empty) that the listing can answer,
   * in byte order: a folder or file that cannot start with the prefix, or lies wholly at or before
   * `after`, is passed over unread. With `rollUp`, a folder under the prefix's own stands for one
   * "folder" of the answer however many keys it holds, so it is read only as far as its first key
   * (`firstOnly`, which returns whether one was found).
   */
  private async walk(dirKey: string, out: ListedObject[], scope: WalkScope, firstOnly = false): Promise<boolean> {
    const entries = await readdir(dirKey ? this.path(dirKey.slice(0, -1)) : this.root, { withFileTypes: true }).catch(
      (error: unknown) => {
        if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
        throw fsError(error, 'the bucket folder', this.root);
      },
    );
    // A folder `a` sorts as `a/`, so its keys stand where S3 would put them among `a-b`, `a0`.
    const named = entries
      .map((e) => ({ e, sortKey: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const { prefix, after, rollUp } = scope;
    for (const { e, sortKey } of named) {
      const key = `${dirKey}${sortKey}`;
      if (e.isSymbolicLink()) throw linkInBucket(this.root, key);
      if (e.isDirectory()) {
        if (!key.startsWith(prefix) && !prefix.startsWith(key)) continue;
        if (after !== undefined && key < after && !after.startsWith(key)) continue;
        const rolled = firstOnly || (rollUp && key.startsWith(prefix) && key !== prefix);
        // A folder of the answer is listed only after `after`, as Ceph lists one: never again once passed.
        if (rolled && !firstOnly && after !== undefined && key <= after) continue;
        if ((await this.walk(key, out, scope, rolled)) && firstOnly) return true;
      } else if (e.isFile() && !isTempName(e.name)) {
        if (!key.startsWith(prefix) || (after !== undefined && key <= after)) continue;
        const info = await lstat(join(this.root, ...key.split('/')));
        out.push({ key, size: BigInt(info.size) });
        if (firstOnly) return true;
      }
    }
    return false;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    countRequest(this.requests, 'LIST');
    const limit = Math.min(options.limit ?? PAGE, PAGE);
    const startDir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const after = options.startAfter;
    const matching: ListedObject[] = [];
    await this.walk(startDir, matching, { prefix, after, rollUp: options.delimiter === '/' });
    if (options.delimiter === undefined) {
      return { objects: matching.slice(0, limit), prefixes: [], truncated: matching.length > limit };
    }
    // Keys and folders count together toward the limit, in key order, as S3 counts them.
    const { delimiter } = options;
    const objects: ListedObject[] = [];
    const prefixes: string[] = [];
    for (const o of matching) {
      const rest = o.key.slice(prefix.length);
      const cut = rest.indexOf(delimiter);
      const folder = cut < 0 ? null : prefix + rest.slice(0, cut + delimiter.length);
      if (folder !== null && prefixes.at(-1) === folder) continue;
      if (objects.length + prefixes.length === limit) return { objects, prefixes, truncated: true };
      if (folder === null) objects.push(o);
      else prefixes.push(folder);
    }
    return { objects, prefixes, truncated: false };
  }

  async get(key: string): Promise<StoredObject | null> {
    countRequest(this.requests, 'GET');
    const path = this.path(key);
    const link = firstLink(this.root, path);
    if (link !== null) throw linkInBucket(this.root, link);
    // Opened without following a link and measured on the handle: what was checked is what is read,
    // even if the name is replaced by a link in between.
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
      (error: unknown) => {
        if (errnoCode(error) === 'ELOOP') throw linkRefused(path, `the object ${key}`);
        if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return null;
        throw fsError(error, `the object ${key}`, path);
      },
    );
    if (!handle) return null;
    const info = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw fsError(error, `the object ${key}`, path);
    });
    if (!info.isFile()) {
      await handle.close();
      return null;
    }
    return {
      body: handle.createReadStream({ start: 0, end: Math.max(0, info.size - 1) }),
      contentLength: BigInt(info.size),
    };
  }

  async put(key: string, filePath: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    countRequest(this.requests, 'PUT');
    await this.check();
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      throw fsError(error, 'the bucket folder', dirname(path));
    });
    // Replaced in one step, as a PUT to S3 replaces an object.
    const temp = tempPathBeside(path);
    await copyFile(filePath, temp).catch((error: unknown) => {
      throw fsError(error, 'the file to upload', filePath);
    });
    await rename(temp, path);
    const { size } = await stat(path);
    onProgress?.(size, size);
  }

  async check(): Promise<void> {
    const info = await stat(this.root).catch((error: unknown) => {
      throw new SegscopeError(
        'REMOTE_UNAVAILABLE',
        `the remote directory cannot be reached: ${fsError(error, 'it', this.root).message}`,
      );
    });
    if (!info.isDirectory())
      throw new SegscopeError('REMOTE_UNAVAILABLE', `the remote is not a directory: ${this.root}`);
  }

  async head(key: string): Promise<{ size: bigint } | null> {
    countRequest(this.requests, 'HEAD');
    const path = this.path(key);
    const link = firstLink(this.root, path);
    if (link !== null) throw linkInBucket(this.root, link);
    const info = await lstat(path).catch(() => null);
    return info?.isFile() ? { size: BigInt(info.size) } : null;
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }
}
