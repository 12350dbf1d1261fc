import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from '../../core/format/crc32.js';
import { DB_FOOTER_SIZE } from '../../core/format/db-footer.js';

/** Where one sqld namespace's files are in a copy of the vector data directory. */
export const sqldFiles = (root: string) => ({
  data: join(root, 'dbs', 'default', 'data'),
  unsealed: join(root, 'dbs', 'default', 'data-wal', '00000000000000000091.seg'),
});

/** Sets the replication index in the database file's footer, as a damaged or edited file would hold it. */
export async function setFooterIndex(dataPath: string, index: bigint): Promise<void> {
  const bytes = await readFile(dataPath);
  bytes.writeBigUInt64BE(index, bytes.length - DB_FOOTER_SIZE + 10);
  await writeFile(dataPath, bytes);
}

const HEADER = 92;
const SLOT = 4116;

/**
 * Changes one frame of an unsealed segment and recomputes the checksum chain from it on, so the
 * segment stays intact as far as its checksums can tell (what a bug in a writer would leave).
 */
export async function editUnsealedFrame(path: string, slot: number, edit: (frame: Buffer) => void): Promise<void> {
  const bytes = await readFile(path);
  edit(bytes.subarray(HEADER + slot * SLOT + 4, HEADER + (slot + 1) * SLOT));
  const salt = bytes.readUInt32LE(58);
  const slots = Math.floor((bytes.length - HEADER) / SLOT);
  let chain = slot === 0 ? salt : bytes.readUInt32LE(HEADER + (slot - 1) * SLOT);
  for (let s = slot; s < slots; s++) {
    const at = HEADER + s * SLOT;
    chain = crc32(bytes.subarray(at + 4, at + SLOT), chain);
    bytes.writeUInt32LE(chain, at);
  }
  await writeFile(path, bytes);
}

/** The slot of the first frame in an unsealed segment that does not commit (size_after 0). */
export async function firstNonCommitSlot(path: string): Promise<number> {
  const bytes = await readFile(path);
  for (let s = 0; HEADER + (s + 1) * SLOT <= bytes.length; s++) {
    if (bytes.readUInt32LE(HEADER + s * SLOT + 8) === 0) return s;
  }
  throw new Error(`${path} has no frame that does not commit`);
}
