import { type FileHandle, open } from 'node:fs/promises';
import { PAGE_SIZE } from '../format/frame.js';

/** SQLite's WAL file (https://sqlite.org/fileformat2.html#walformat): big-endian, unlike libsql-wal. */
const WAL_HEADER_SIZE = 32;
const WAL_FRAME_HEADER_SIZE = 24;
const WAL_FRAME_SIZE = WAL_FRAME_HEADER_SIZE + PAGE_SIZE;
const WAL_MAGICS = new Set([0x377f0682, 0x377f0683]);

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
  private offset = WAL_HEADER_SIZE;
  private salts: [number, number] | null = null;

  constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<WalReader> {
    return new WalReader(await open(path, 'r'));
  }

  async readCommitted(): Promise<WalFrame[]> {
    if (!this.salts) {
      const header = new Uint8Array(WAL_HEADER_SIZE);
      const { bytesRead } = await this.handle.read(header, 0, WAL_HEADER_SIZE, 0);
      if (bytesRead < WAL_HEADER_SIZE) return [];
      const view = new DataView(header.buffer);
      if (!WAL_MAGICS.has(view.getUint32(0)) || view.getUint32(8) !== PAGE_SIZE) {
        throw new Error('the -wal file is not a SQLite WAL with 4096-byte pages');
      }
      this.salts = [view.getUint32(16), view.getUint32(20)];
    }
    const size = (await this.handle.stat()).size;
    const count = Math.floor((size - this.offset) / WAL_FRAME_SIZE);
    if (count <= 0) return [];
    const bytes = new Uint8Array(count * WAL_FRAME_SIZE);
    await this.handle.read(bytes, 0, bytes.length, this.offset);
    const view = new DataView(bytes.buffer);
    const frames: WalFrame[] = [];
    let committed = 0;
    for (let i = 0; i < count; i++) {
      const at = i * WAL_FRAME_SIZE;
      if (view.getUint32(at + 8) !== this.salts[0] || view.getUint32(at + 12) !== this.salts[1]) break;
      const frame = {
        pageNo: view.getUint32(at),
        commitSize: view.getUint32(at + 4),
        page: bytes.slice(at + WAL_FRAME_HEADER_SIZE, at + WAL_FRAME_SIZE),
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
