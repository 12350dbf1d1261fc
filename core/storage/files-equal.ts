import { open, stat } from '../fs-async.js';
import { fsPath } from '../fs-names.js';

const CHUNK = 1 << 20;

/** Byte-for-byte equality of two files, streamed, stopping at the first difference. */
export async function filesEqual(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(fsPath(a)), stat(fsPath(b))]);
  if (sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([open(a, 'r'), open(b, 'r')]);
  try {
    const ba = Buffer.alloc(CHUNK);
    const bb = Buffer.alloc(CHUNK);
    for (let pos = 0; pos < sa.size; pos += CHUNK) {
      const [ra, rb] = await Promise.all([ha.read(ba, 0, CHUNK, pos), hb.read(bb, 0, CHUNK, pos)]);
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead)))
        return false;
    }
    return true;
  } finally {
    await Promise.all([ha.close(), hb.close()]);
  }
}
