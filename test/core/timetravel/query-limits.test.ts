import { afterAll, describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Workspace } from '../../../core/api/workspace.js';
import type { RestoreSource } from '../../../core/restore/restore-contract.js';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { DEFAULT_QUERY_LIMITS } from '../../../core/timetravel/query-limits.js';
import { QueryProcess } from '../../../core/timetravel/query-process.js';
import { sqlAt } from '../../../core/timetravel/time-travel.js';
import { runCli } from '../../support/cli.js';
import { copyVector } from '../../support/real-data.js';
import { ENDLESS, queryChildren } from '../../support/query-children.js';

const points = new PointDatabases();
afterAll(() => points.dispose());

async function vectorSource(): Promise<{ root: string; source: RestoreSource }> {
  const root = await copyVector('sqld');
  return { root, source: await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default') };
}

/** Whether a process with this id still exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidOf(worker: QueryProcess): Promise<number> {
  await expect.poll(() => worker.pid).not.toBeNull();
  return worker.pid ?? -1;
}

describe('a query has a time limit, and it ends the work', () => {
  it('past its limit the query process is killed: QUERY_TIMEOUT, and its pid is gone', async () => {
    const { root, source } = await vectorSource();
    const worker = new QueryProcess();
    const started = performance.now();
    const running = sqlAt({ points, sourceId: root, source, worker }, {}, ENDLESS, {
      limits: { ...DEFAULT_QUERY_LIMITS, timeoutMs: 1000 },
    });
    const pid = await pidOf(worker);
    await expect(running).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(alive(pid)).toBe(false);
    // The next query starts a fresh process.
    expect((await sqlAt({ points, sourceId: root, source, worker }, {}, 'SELECT count(*) FROM t', 10)).rows).toEqual([
      [105n],
    ]);
    await worker.close();
  });

  it('the command takes --timeout, says QUERY_TIMEOUT (exit 1) and leaves no query process', async () => {
    const { root } = await vectorSource();
    const run = await runCli(['sql', root, ENDLESS, '--timeout', '1']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^segscope: QUERY_TIMEOUT: .*--timeout/);
    expect(queryChildren()).toEqual([]);
    expect((await runCli(['sql', root, 'SELECT 1', '--timeout', '0'])).code).toBe(2);
  });

  it('the API takes timeoutSeconds, and a cancel kills the query process', async () => {
    const root = await copyVector('sqld');
    const api = createSegscopeApi({ dir: root, layout: null, namespace: null, remote: { kind: 'none' } });
    await expect(api.sql({ query: ENDLESS, timeoutSeconds: 1 })).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(queryChildren()).toEqual([]);
    const running = api.sql({ query: ENDLESS });
    await expect.poll(() => queryChildren().length).toBe(1);
    const [pid] = queryChildren();
    await api.cancelQuery({});
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(alive(pid ?? -1)).toBe(false);
    expect(queryChildren()).toEqual([]);
  });

  it('a cancel through QueryProcess ends the process itself, not only the wait', async () => {
    const { root, source } = await vectorSource();
    const worker = new QueryProcess();
    const running = sqlAt({ points, sourceId: root, source, worker }, {}, ENDLESS, 10);
    const pid = await pidOf(worker);
    await worker.cancel();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(alive(pid)).toBe(false);
  });
});

describe('a result is bounded in bytes inside the query process', () => {
  // Past the 16 MiB one value may hold (the review's 150,000,000 took the server to gigabytes).
  const HUGE = "SELECT printf('%.*c', 20000000, 'x') FROM t LIMIT 2";
  const MEGABYTE_ROWS =
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM ' +
    "n LIMIT 100) SELECT i, printf('%.*c', 1000000, 'x') FROM n";

  it('one value past its bound is RESULT_TOO_LARGE, in the API and the command', async () => {
    const { root, source } = await vectorSource();
    const worker = new QueryProcess();
    await expect(sqlAt({ points, sourceId: root, source, worker }, {}, HUGE, 10)).rejects.toMatchObject({
      code: 'RESULT_TOO_LARGE',
    });
    await worker.close();
    const run = await runCli(['sql', root, HUGE]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^segscope: RESULT_TOO_LARGE: a value in row 1 is 20000000 bytes/);
  });

  it('rows past the bytes a result may hold are cut and the result says truncated', async () => {
    const { root, source } = await vectorSource();
    const worker = new QueryProcess();
    const result = await sqlAt({ points, sourceId: root, source, worker }, {}, MEGABYTE_ROWS, 1000);
    await worker.close();
    expect(result.truncated).toBe(true);
    expect(result.rows.length).toBeGreaterThan(10);
    expect(result.rows.length).toBeLessThan(100);
    expect(result.rows.length * 1_000_000).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxResultBytes);
  });
});

describe("SQLite's own refusals are SQLITE_ERROR with SQLite's message", () => {
  const refused: [string, RegExp][] = [
    ['SELECT * FROM no_such_table', /no such table/i],
    ["SELECT load_extension('/nonexistent/ext')", /not authorized|load_extension/i],
    ['SELECT zeroblob(2000000000)', /too big/i],
    ['SELEC nothing', /syntax error/i],
  ];
  for (const [query, message] of refused) {
    it(`${query}`, async () => {
      const { root, source } = await vectorSource();
      const worker = new QueryProcess();
      const error = (await sqlAt({ points, sourceId: root, source, worker }, {}, query, 10).catch(
        (e: unknown) => e,
      )) as {
        code?: string;
        message?: string;
      };
      await worker.close();
      expect(error.code).toBe('SQLITE_ERROR');
      expect(error.message).toMatch(message);
      const run = await runCli(['sql', root, query]);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/^segscope: SQLITE_ERROR: SQLite refused the query: /);
    });
  }

  it('PRAGMA optimize answers as SQLite does on a read-only file, never INTERNAL', async () => {
    const { root } = await vectorSource();
    const run = await runCli(['sql', root, 'PRAGMA optimize']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });

  it('a query with no statement (empty, spaces, a comment) is INVALID_ARGUMENT, exit 2, never INTERNAL', async () => {
    const { root } = await vectorSource();
    for (const query of ['', '   ', '/* nothing */']) {
      const run = await runCli(['sql', root, query]);
      expect(run.err).toMatch(/^segscope: INVALID_ARGUMENT: the query holds no statement/);
      expect(run.code).toBe(2);
    }
  });

  it('a write is still READ_ONLY', async () => {
    const { root } = await vectorSource();
    const run = await runCli(['sql', root, 'DELETE FROM t']);
    expect(run.err).toMatch(/^segscope: READ_ONLY: /);
  });
});
