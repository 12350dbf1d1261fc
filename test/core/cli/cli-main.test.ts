import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../core/cli/commands/index.js';
import { runCli as run } from '../../support/cli.js';

describe('segscope command front', () => {
  it('answers an unknown command with exit 2 and one stable error line', async () => {
    const { code, out, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^segscope: INVALID_ARGUMENT: unknown command "frobnicate"/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('prints usage on stderr with exit 2 when no command is given', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toContain('usage: segscope <command>');
  });

  it('prints help on stdout with exit 0 when asked', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: segscope <command>');
  });
  it(
    "prints a command's usage and summary on stdout with " + 'exit 0 for `<command> --help`, without running it',
    async () => {
      const { code, out, err } = await run(['restore', '--out', '/nonexistent/x.db', '-h']);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toMatch(
        new RegExp(
          /^usage: segscope restore <path> --out <db or folder\/>\s[^]*\n\n/.source +
            /a SQLite database as of the newest restore point/.source,
        ),
      );
      expect(out).toMatch(/\nexample:\n {2}segscope restore \S+ --out /);
      // After `--`, `--help` is an argument like any other: inspect of a file of that name.
      const asFile = await run(['inspect', '--', '--help']);
      expect(asFile.code).toBe(2);
      expect(asFile.err).toMatch(/^segscope: NOT_FOUND: /);
    },
  );

  it('names every option a command takes in its usage line, and loads each command', async () => {
    for (const spec of COMMANDS) {
      for (const option of Object.keys(spec.options)) expect(spec.usage, spec.name).toContain(`--${option}`);
      expect(typeof (await spec.load()).command.run, spec.name).toBe('function');
    }
  });
});
