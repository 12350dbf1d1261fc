import { SegscopeError } from '../errors.js';
import type { ListPage, ObjectStore } from './object-store.js';

/** 20 million keys: far more than a bucket prefix holds here; a listing that long is a broken server. */
const MAX_PAGES = 20_000;

/**
 * Every page of a listing, each next request starting after the last key (or folder) of the one
 * before. A truncated page that does not move the listing on ends it with a typed error, so a
 * broken server is never asked forever.
 */
export async function* listPages(store: ObjectStore, prefix: string, delimiter?: string): AsyncGenerator<ListPage> {
  let after: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await store.list(prefix, {
      ...(delimiter !== undefined ? { delimiter } : {}),
      ...(after !== undefined ? { startAfter: after } : {}),
    });
    yield page;
    if (!page.truncated) return;
    const lastObject = page.objects.at(-1)?.key;
    const lastFolder = page.prefixes.at(-1);
    // After a folder, start past every key inside it: StartAfter the folder itself would list it again.
    const pastFolder = lastFolder !== undefined ? `${lastFolder}\uffff` : undefined;
    const last =
      lastObject !== undefined && pastFolder !== undefined
        ? lastObject > pastFolder
          ? lastObject
          : pastFolder
        : (lastObject ?? pastFolder);
    if (last === undefined || (after !== undefined && last <= after)) {
      throw new SegscopeError(
        'REMOTE_UNAVAILABLE',
        `${store.description} answered a listing page that does not advance; gave up`,
      );
    }
    after = last;
  }
  throw new SegscopeError(
    'REMOTE_UNAVAILABLE',
    `${store.description} kept listing past ${MAX_PAGES} pages of keys; gave up`,
  );
}

/** The "folders" one level under a prefix, each ending in '/', every page of them. */
export async function listFolders(store: ObjectStore, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  for await (const page of listPages(store, prefix, '/')) folders.push(...page.prefixes);
  return folders;
}
