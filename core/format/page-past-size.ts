import type { ProblemLog } from './problem.js';

/**
 * A commit wrote a page past the size it leaves the database at: a restore would cut that page
 * off with the file, and the page it should have been would keep an older version. `committer`
 * names the commit ("the transaction committed at frame 9"); `frame`, when known, the page's frame.
 */
export function pagePastSize(
  log: ProblemLog,
  committer: string,
  page: { pageNo: number; frame?: number | bigint },
  sizeAfter: number,
): void {
  const holder = page.frame === undefined ? '' : ` (frame ${page.frame})`;
  log.add(
    'PAGE_OUT_OF_RANGE',
    `${committer} writes page ${page.pageNo}${holder}, past the ${sizeAfter} pages it leaves the database at`,
  );
}

export function transactionAt(commit: number | bigint): string {
  return `the transaction committed at frame ${commit}`;
}
