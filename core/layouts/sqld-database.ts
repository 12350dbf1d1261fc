import type { DatabaseFileInfo } from '../model/results.js';
import { DB_FOOTER_SIZE, decodeDbFooter, hasFooterSize, isValidDbFooter } from '../format/db-footer.js';
import { HEAD_SIZE } from '../format/detect.js';
import { PAGE_SIZE } from '../format/frame.js';
import { probeFileSync } from '../storage/local-file.js';

/** The database file's size, pages and footer; null when there is none. */
export function readDatabaseInfo(path: string): DatabaseFileInfo | null {
  const probe = probeFileSync(path, new Uint8Array(HEAD_SIZE));
  if (!probe || 'notRegular' in probe) return null;
  const footer = hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE ? decodeDbFooter(probe.tail) : null;
  const valid = footer !== null && isValidDbFooter(footer);
  const pageBytes = probe.size - (footer ? BigInt(DB_FOOTER_SIZE) : 0n);
  return {
    path,
    size: probe.size,
    pages: pageBytes / BigInt(PAGE_SIZE),
    replicationIndex: valid ? footer.replicationIndex : null,
    logId: valid ? footer.logId : null,
  };
}
