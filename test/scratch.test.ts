import { readFileSync, readdirSync } from 'node:fs';
import { it } from 'vitest';
import { SealedSegmentScanner } from '../core/format/sealed-segment-scanner.js';
it('scratch', () => {
  const dir = 'test/vectors/libsql-wal/sqld/dbs/default/data-wal/';
  for (const f of readdirSync(dir)) {
    const b = new Uint8Array(readFileSync(dir + f));
    const s = new SealedSegmentScanner(BigInt(b.length), { collectFrames: true });
    s.push(b.subarray(0, 1000)); s.push(b.subarray(1000));
    const r = s.finish();
    console.log(f, r.header, r.problems, r.commits, r.checksum, r.frames.length);
  }
});
