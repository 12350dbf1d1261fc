import { Alpha1Scanner } from './compacted-alpha1-scanner.js';
import { V1Scanner } from './compacted-v1-scanner.js';
import { SealedDraftScanner } from './sealed-draft.js';
import { SealedSegmentScanner } from './sealed-segment-scanner.js';
import type { ScanOptions, SegmentScanner } from './segment-scan.js';
import type { SegmentFormat } from '../model/file-format.js';
import { V0Scanner } from './segment-v0-scanner.js';
import { SnapshotScanner } from './sqld-snapshot-scanner.js';
import { SqliteWalScanner } from './sqlite-wal-scanner.js';
import { WallogScanner } from './wallog-scanner.js';

/** The one place a segment format meets its reader: a new format is a line here. */
export function createScanner(format: SegmentFormat, size: bigint, options: ScanOptions = {}): SegmentScanner {
  switch (format) {
    case 'sealed':
      return new SealedSegmentScanner(size, options);
    case 'compacted-alpha1':
      return new Alpha1Scanner(size, options);
    case 'compacted-v1':
      return new V1Scanner(size, options);
    case 'compacted-v0':
      return new V0Scanner(size, options);
    case 'sealed-draft':
      return new SealedDraftScanner(size, options);
    case 'sqlite-wal':
      return new SqliteWalScanner(size, options);
    case 'wallog':
      return new WallogScanner(size, options);
    case 'sqld-snapshot':
      return new SnapshotScanner(size, options);
  }
}
