import { type Dirent, readFileSync, readdirSync } from 'node:fs';
import { readdir } from './fs-async.js';

/**
 * File names are bytes; Segscope's names are strings. A name that is not UTF-8 (written by a
 * Latin-1 tool, or damaged) must still be listed, verified and restored, so it is decoded the way
 * Python's `os.fsdecode` does ("surrogateescape"): its valid UTF-8 sequences as themselves, every
 * other byte 0xNN as the lone surrogate U+DCNN. Valid UTF-8 never decodes to a lone surrogate, so
 * the string gives back the exact bytes (nameBytes), the name can be opened again (fsPath), JSON
 * carries it as `\udcNN`, and text output shows it as `\xNN` (cli/printable.ts).
 */

/** A lone low surrogate in the escaped range: a byte that was not UTF-8. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Length of the valid UTF-8 sequence starting at `at`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const b0 = bytes[at] ?? 0;
  if (b0 < 0x80) return 1;
  const need = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (need === 0 || at + need > bytes.length) return 0;
  const b1 = bytes[at + 1] ?? 0;
  // The second byte's range excludes overlong forms, surrogates (ED A0..BF) and code points past U+10FFFF.
  const low = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const high = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return 0;
  for (let i = 2; i < need; i++) {
    const b = bytes[at + i] ?? 0;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return need;
}

/** A name's bytes as Segscope's string for it (see above); plain UTF-8 costs one decode. */
export function nameFromBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = '';
    for (let at = 0; at < bytes.length;) {
      const length = sequenceLength(bytes, at);
      if (length === 0) {
        out += String.fromCharCode(0xdc00 + (bytes[at] ?? 0));
        at += 1;
      } else {
        out += Buffer.from(bytes.subarray(at, at + length)).toString('utf8');
        at += length;
      }
    }
    return out;
  }
}

/** True when a name or path holds bytes that were not UTF-8. */
export const hasEscapedBytes = (name: string): boolean => ESCAPED_BYTE.test(name);

/** The exact bytes a name (or path) given by nameFromBytes stands for. */
export function nameBytes(name: string): Buffer {
  if (!hasEscapedBytes(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let plain = '';
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.of(code - 0xdc00));
      plain = '';
    } else plain += char;
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/** What to hand the file system for a path: itself, or its bytes when a name in it was not UTF-8. */
export function fsPath(path: string): string | Buffer {
  return hasEscapedBytes(path) ? nameBytes(path) : path;
}

/** U+FFFD is what Node puts where a name's bytes were not UTF-8: then the folder is read as bytes. */
const mayBeLossy = (names: readonly string[]): boolean => names.some((n) => n.includes('\uFFFD'));

/** A folder's names, each as nameFromBytes makes it. */
export async function readNames(dir: string): Promise<string[]> {
  const names = await readdir(fsPath(dir), { encoding: 'utf8' });
  if (!mayBeLossy(names)) return names;
  return (await readdir(fsPath(dir), { encoding: 'buffer' })).map(nameFromBytes);
}

/** The same, synchronously. */
export function readNamesSync(dir: string): string[] {
  const names = readdirSync(fsPath(dir), { encoding: 'utf8' });
  if (!mayBeLossy(names)) return names;
  return readdirSync(fsPath(dir), { encoding: 'buffer' }).map(nameFromBytes);
}

/** A folder entry: its name as nameFromBytes makes it, and what it is (not following a link). */
export interface NamedDirent {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

const named = (entry: Dirent<Buffer>): NamedDirent => ({
  name: nameFromBytes(entry.name),
  isFile: () => entry.isFile(),
  isDirectory: () => entry.isDirectory(),
  isSymbolicLink: () => entry.isSymbolicLink(),
});

/** A folder's entries with their kinds, names as nameFromBytes makes them. */
export async function readEntries(dir: string): Promise<NamedDirent[]> {
  const entries = await readdir(fsPath(dir), { withFileTypes: true, encoding: 'utf8' });
  if (!mayBeLossy(entries.map((e) => e.name))) return entries;
  return (await readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' })).map(named);
}

/**
 * The command's arguments with the bytes Node replaced: Node decodes argv as UTF-8, so a path
 * holding a name that is not UTF-8 arrives with U+FFFD and names no file. Where the kernel keeps
 * the command line (/proc/self/cmdline, Linux), the last `argv.length` arguments are read again as
 * bytes. Elsewhere, or when they do not line up, argv as Node gave it.
 */
export function commandLineArgs(argv: readonly string[]): string[] {
  if (!mayBeLossy(argv)) return [...argv];
  let raw: Buffer;
  try {
    raw = readFileSync('/proc/self/cmdline');
  } catch {
    return [...argv];
  }
  const parts: Buffer[] = [];
  for (let at = 0; at < raw.length;) {
    const end = raw.indexOf(0, at);
    parts.push(raw.subarray(at, end === -1 ? raw.length : end));
    at = end === -1 ? raw.length : end + 1;
  }
  const tail = parts.slice(parts.length - argv.length);
  const linesUp = tail.length === argv.length && tail.every((bytes, i) => bytes.toString('utf8') === argv[i]);
  return linesUp ? tail.map(nameFromBytes) : [...argv];
}
