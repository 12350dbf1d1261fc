import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

/** Each name ends a line with `\r\n` and starts a forged one; ESC would clear the terminal. */
const FORGED = 'FORGED ok';
const snapshot = `a\u001b[2Jb\r\n${FORGED}.snap`;
const namespace = `n\r\n${FORGED}\u001b`;
const logFile = `c\n${FORGED}`;

/** The control characters written raw, and the text a name managed to put at the start of a line. */
function unsafe(text: string): { raw: string[]; forged: string[] } {
  return {
    // eslint-disable-next-line no-control-regex
    raw: text.match(/[\u0000-\u0009\u000b-\u001f\u007f]/g) ?? [],
    // Every name puts a line break before FORGED: shown, it is the two characters `\n`.
    forged: text.match(new RegExp(`(?<!\\\\n)${FORGED}.*`, 'g')) ?? [],
  };
}

describe('names from outside in every command’s text output', () => {
  it('a name holding \\n, \\r or ESC never writes that character, in a message or beside it', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    await cp(join(root, 'dbs', 'default', 'wallog'), join(root, 'dbs', 'default', 'snapshots', snapshot));
    await cp(join(root, 'dbs', 'default', 'wallog'), join(root, 'dbs', 'tenant-b', 'to_compact', logFile));
    await mkdir(join(root, 'dbs', namespace));
    const snapPath = join(root, 'dbs', 'default', 'snapshots', snapshot);
    const out = await tempDir();
    const runs = [
      ['namespaces', root],
      ['list', root],
      ['list', root, '--namespace', 'tenant-b'],
      ['verify', root],
      ['verify', root, '--namespace', 'tenant-b'],
      ['verify', snapPath],
      ['points', root],
      ['meta', root],
      ['inspect', snapPath],
      ['inspect', snapPath, '--page', '1'],
      ['compare', snapPath, join(root, 'dbs', 'default', 'wallog')],
      ['list', root, '--namespace', namespace],
      ['points', root, '--namespace', namespace],
      ['restore', root, '--namespace', namespace, '--out', join(out, 'x.db')],
      ['restore', root, '--out', join(out, snapshot)],
      ['sql', root, 'SELECT 1', '--namespace', namespace],
      ['diff', root, '--from', '0', '--to', '1', '--namespace', namespace],
      ['fetch', root, '--frame', '1', '--dest', `${join(out, namespace)}/`, '--namespace', namespace],
    ];
    for (const argv of runs) {
      const run = await runCli(argv);
      expect(unsafe(`${run.out}${run.err}`), argv.join(' ')).toEqual({ raw: [], forged: [] });
      expect(`${run.out}${run.err}`, argv.join(' ')).not.toBe('');
    }
  });
});
