import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

const README = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
const COUNTS = ['none', 'one', 'two', 'three', 'four', 'five'];

describe('what the help and the README say of demo and meta is what they do', () => {
  it('demo --help names the namespaces demo writes, and the bucket folder beside them', async () => {
    const root = join(await tempDir(), 'demo');
    const made = await runCli(['demo', root, '--segments', '4']);
    expect(made.code, made.err).toBe(0);
    const namespaces = await readdir(join(root, 'dbs'));
    const bucket = await readdir(`${root}-bucket`);
    expect(bucket.length).toBeGreaterThan(0);
    const help = await runCli(['demo', '--help']);
    expect(help.code).toBe(0);
    const summary = help.out.replace(/\s+/g, ' ');
    expect(summary).toContain(`${COUNTS[namespaces.length]} namespaces`);
    expect(summary).toContain('<dir>-bucket');

    // meta's text is a sentence, its JSON the document: the README's row says what the text says.
    const row = README.split('\n').find((line) => line.startsWith('| `meta <path>` |')) ?? '';
    const meta = await runCli(['meta', root]);
    expect(meta.out).toMatch(/: max frame \d+\n$/);
    expect(row).toContain('max frame');
    expect(row).not.toContain('maxFrameNo');
    expect(JSON.parse((await runCli(['meta', root, '--json'])).out)).toHaveProperty('maxFrameNo');
  });
});
