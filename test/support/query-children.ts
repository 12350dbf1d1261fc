import { readFileSync, readdirSync } from 'node:fs';

/** Never yields a row: SQLite counts for ever inside one call. */
export const ENDLESS = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n';

/** The query processes (core/timetravel/query-process.ts) whose parent is `parent` that still run. */
export function queryChildren(parent = process.pid): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('query-process-main'))
        found.push(Number(name));
    } catch {
      // A process that ended while it was read.
    }
  }
  return found;
}

/** CPU time, in clock ticks, the query processes of this test's server have used so far. */
export function queryTicks(): number {
  let ticks = 0;
  for (const pid of queryChildren()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that ended while it was read.
    }
  }
  return ticks;
}
