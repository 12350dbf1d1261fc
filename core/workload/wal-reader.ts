import { type FileHandle, open } from 'node:fs/promises';
import { PAGE_SIZE } from '../format/frame.js';
import { viewOf } from '../format/byte-fields.js';
import { u32 } from '../format/header-fields.js';
import { isWalMagic } from '../format/sqlite-wal-checksum.js';
import {
  SQLITE_WAL_FRAME_HEADER,
  SQLITE_WAL_FRAME_HEADER_SIZE,
  SQLITE_WAL_HEADER,
  SQLITE_WAL_HEADER_SIZE,
} from '../format/sqlite-wal.js';

const WAL_FRAME_SIZE = SQLITE_WAL_FRAME_HEADER_SIZE + PAGE_SIZE;
const [HEADER, FRAME] = [SQLITE_WAL_HEADER.fields, SQLITE_WAL_FRAME_HEADER.fields];

export interface WalFrame {
  pageNo: number;
  /** Database size in pages after the commit this frame ends; 0 for frames inside a transaction. */
  commitSize: number;
  page: Uint8Array;
}

/**
 * Reads the frames SQLite appended to its `-wal` file since the last call. Frames whose salts do
 * not match the header's belong to an earlier generation of the file and are ignored, as SQLite
 * itself ignores them; only frames up to the last commit are returned.
 */
export class WalReader {
  private offset = SQLITE_WAL_HEADER_SIZE;
  private salts: [number, number] | null = null;

  constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<WalReader> {
    return new WalReader(await open(path, 'r'));
  }

  async readCommitted(): Promise<WalFrame[]> {
    if (!this.salts) {
      const header = new Uint8Array(SQLITE_WAL_HEADER_SIZE);
      const { bytesRead } = await this.handle.read(header, 0, SQLITE_WAL_HEADER_SIZE, 0);
      if (bytesRead < SQLITE_WAL_HEADER_SIZE) return [];
      const view = viewOf(header);
      if (!isWalMagic(u32(view, HEADER.magic)) || u32(view, HEADER.pageSize) !== PAGE_SIZE) {
        throw new Error('the -wal file is not a SQLite WAL with 4096-byte pages');
      }
      this.salts = [u32(view, HEADER.salt1), u32(view, HEADER.salt2)];
    }
    const size = (await this.handle.stat()).size;
    const count = Math.floor((size - this.offset) / WAL_FRAME_SIZE);
    if (count <= 0) return [];
    const bytes = new Uint8Array(count * WAL_FRAME_SIZE);
    await this.handle.read(bytes, 0, bytes.length, this.offset);
    const view = viewOf(bytes);
    const frames: WalFrame[] = [];
    let committed = 0;
    for (let i = 0; i < count; i++) {
      const at = i * WAL_FRAME_SIZE;
      if (u32(view, FRAME.salt1, at) !== this.salts[0] || u32(view, FRAME.salt2, at) !== this.salts[1]) break;
      const frame = {
        pageNo: u32(view, FRAME.pageNo, at),
        commitSize: u32(view, FRAME.commitSize, at),
        page: bytes.slice(at + SQLITE_WAL_FRAME_HEADER_SIZE, at + WAL_FRAME_SIZE),
      };
      frames.push(frame);
      if (frame.commitSize !== 0) committed = frames.length;
    }
    this.offset += committed * WAL_FRAME_SIZE;
    return frames.slice(0, committed);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
