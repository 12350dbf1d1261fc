import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const SQLD = join(process.cwd(), 'test', 'vectors', 'libsql-wal', 'sqld');
/** Numbers from 1 up: `upTo` of them at once, then a search SQLite never finishes (x never passes 1e15 in time). */
const stalls = (upTo: number, cell: string) =>
  `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, ${cell} FROM c ` +
  `WHERE x <= ${upTo} OR x > 1e15`;

describe('sql --json writes one whole document or nothing', () => {
  it('a query its time limit ends after rows have come writes nothing to stdout, the error to stderr', async () => {
    // 5,000 rows of 200 characters each come at once (more than one batch and one output block).
    const run = await runCli(['sql', SQLD, stalls(5000, 'hex(zeroblob(100))'), '--timeout', '2', '--json']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^segscope: QUERY_TIMEOUT: the query ran for 2 s/);
    expect(run.out).toBe('');
  });

  it('the rows of a --json document are bounded in bytes as the API bounds them, and it says so', async () => {
    // 70 values of 1 MiB: past the 64 MiB a result may hold.
    const query =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 70) SELECT zeroblob(1048576) FROM c';
    const run = await runCli(['sql', SQLD, query, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { rows: unknown[]; truncated: boolean };
    expect(doc.truncated).toBe(true);
    expect(doc.rows.length).toBeGreaterThan(0);
    expect(doc.rows.length).toBeLessThan(70);
  });
});
