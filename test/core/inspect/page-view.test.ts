import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPageView } from '../../../core/inspect/page-view.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';
import { workloadDir } from '../../support/workload.js';

describe('page view', () => {
  it('decodes page 1 of a real database: the database header and the schema b-tree page', async () => {
    const prefix = await tempDir();
    const [first] = await workloadDir(prefix, { transactions: 2 });
    const view = await readPageView(join(prefix, 'segments', first?.key ?? ''), 1);
    expect(view.database).toMatchObject({ pageSize: 4096, writeVersion: 'WAL', textEncoding: 'UTF-8' });
    // sqlite_schema holds the two tables, the index and sqlite_sequence.
    expect(view.btree).toMatchObject({ pageType: 'leaf table b-tree page', cellCount: 4, rightMostPointer: null });
    expect(view.hex.slice(0, 32)).toBe(Buffer.from('SQLite format 3\0').toString('hex'));
    expect(view.hex).toHaveLength(8192);
  });

  it('inspect --page answers in JSON, and says clearly when the segment lacks the page', async () => {
    const prefix = await tempDir();
    const [first] = await workloadDir(prefix, { transactions: 2 });
    const path = join(prefix, 'segments', first?.key ?? '');
    const ok = await runCli(['inspect', path, '--page', '2', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      pageNo: 2,
      btree: { pageType: expect.stringContaining('b-tree') },
      database: null,
    });
    const missing = await runCli(['inspect', path, '--page', '99999']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^segscope: NOT_FOUND: the segment holds no version of page 99999/);
    const bad = await runCli(['inspect', path, '--page', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--page must be a page number/);
  });

  it('inspect --page on a database file shows its page N; a page past the file is a usage error', async () => {
    const data = join(SQLD_DEFAULT_SAMPLE, 'dbs', 'default', 'data');
    const bytes = await readFile(data);
    const pages = bytes.length / 4096;
    const first = await runCli(['inspect', data, '--page', '1']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^page 1 of the database file\ndatabase pageSize: 4096\n/);
    expect(first.out).toMatch(/^pageType: leaf table b-tree page$/m);
    const last = await runCli(['inspect', data, '--page', String(pages), '--json']);
    expect(last.code, last.err).toBe(0);
    const view = JSON.parse(last.out) as { pageNo: number; frameNo: null; hex: string };
    expect(view).toMatchObject({ pageNo: pages, frameNo: null, frameIndex: null });
    expect(view.hex).toBe(bytes.subarray((pages - 1) * 4096).toString('hex'));
    const past = await runCli(['inspect', data, '--page', String(pages + 1)]);
    expect(past.code).toBe(2);
    expect(past.err).toBe(
      `segscope: INVALID_ARGUMENT: page ${pages + 1} is past the end of the database file, ` +
        `which holds pages 1 to ${pages} (4096 bytes each)\n`,
    );
  });
});
