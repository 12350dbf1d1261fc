import * as fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * The promise forms of the file system calls that the modules a command loads at its start use,
 * made from node:fs's callbacks. Importing node:fs/promises loads Node's readline, watcher and
 * directory modules with it, about 4 M instructions (2 ms) of every start, while `segscope meta`
 * calls only stat, lstat and readdir. A call gives the same results and errors as node:fs/promises'
 * one; `open`, whose FileHandle only node:fs/promises makes, loads that module at its first call.
 * Each is marked pure, so a bundle keeps only those its code calls: the dispatcher, none (making
 * them all costs `segscope --help` about 2 M instructions).
 */
export const stat = /* @__PURE__ */ promisify(fs.stat);
export const lstat = /* @__PURE__ */ promisify(fs.lstat);
export const readdir = /* @__PURE__ */ promisify(fs.readdir);
export const mkdir = /* @__PURE__ */ promisify(fs.mkdir);
export const copyFile = /* @__PURE__ */ promisify(fs.copyFile);
export const link = /* @__PURE__ */ promisify(fs.link);
export const rename = /* @__PURE__ */ promisify(fs.rename);
export const unlink = /* @__PURE__ */ promisify(fs.unlink);
export const mkdtemp = /* @__PURE__ */ promisify(fs.mkdtemp);
export const rm = /* @__PURE__ */ promisify(fs.rm);

let promises: Promise<typeof FsPromises> | undefined;

export async function open(...args: Parameters<typeof FsPromises.open>): Promise<FsPromises.FileHandle> {
  promises ??= import('node:fs/promises');
  return (await promises).open(...args);
}
