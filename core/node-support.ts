/**
 * The Node versions Segscope is built and tested on, as package.json's `engines` (^20.19.0 ||
 * ^24.0.0), the README's set-up and .ci/run (the machine's Node 20, then Node 24) name them.
 * Electron 45 and better-sqlite3 13 want Node 22 or newer: on Node 20 the SQLite driver is
 * better-sqlite3 12 (core/sqlite/driver.ts) and the desktop app is not built.
 */
export const SUPPORTED_NODE = '20.19+ or 24';

/**
 * One line for a person on Node 20, which is supported but past its end of life (April 2026),
 * where a command may load the AWS SDK: the SDK's own warning is seven lines, and says it
 * requires Node 22 from 2027. Null on a Node that needs no note.
 */
export function nodeNote(version: string): string | null {
  if (Number(version.split('.')[0]) >= 22) return null;
  return (
    `Node ${version} is past its end of life; Segscope supports Node ${SUPPORTED_NODE}, and the AWS SDK ` +
    `requires 22 or newer from 2027: use Node 24`
  );
}
