import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../core/cli/commands/index.js';
import type { CommandSpec } from '../../../core/cli/command.js';
import { parseCommandArgs } from '../../../core/cli/parse-args.js';
import { SegscopeError } from '../../../core/errors.js';

function spec(name: string): CommandSpec {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

/** The usage error's message for `argv`, or null when it parses. */
function refusal(name: string, argv: string[]): string | null {
  try {
    parseCommandArgs(spec(name), argv);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(SegscopeError);
    expect((error as SegscopeError).code).toBe('INVALID_ARGUMENT');
    return (error as Error).message;
  }
}

describe("a command's arguments", () => {
  it('takes a value after its option or after "=", a flag bare, and keeps the last of a repeated option', () => {
    const args = parseCommandArgs(spec('list'), ['--namespace', 'a', 'data', '--json', '--region=eu', '--namespace=b']);
    expect(args).toEqual({
      values: { namespace: 'b', json: true, region: 'eu' },
      positionals: [],
      location: 'data',
      json: true,
    });
  });

  it('takes everything after "--" and a lone "-" as positionals, and a value starting with "-" after "="', () => {
    expect(parseCommandArgs(spec('compare'), ['-', '--', '--json'])).toMatchObject({
      positionals: ['-', '--json'],
      json: false,
    });
    expect(parseCommandArgs(spec('list'), ['--dir=-odd'])).toMatchObject({ location: '-odd', positionals: [] });
    expect(refusal('list', ['--dir='])).toBe('the location is an empty path');
  });

  it('refuses an unknown option, long or short, naming it and the help that lists the options', () => {
    const help = '"segscope list --help" lists its options';
    expect(refusal('list', ['data', '--bogus'])).toBe(
      `unknown option --bogus for list; ${help} (a value starting with "-" goes after "--")`,
    );
    expect(refusal('list', ['data', '--bogus=1'])).toMatch(/^unknown option --bogus for list;/);
    expect(refusal('list', ['data', '-xv'])).toMatch(/^unknown option -x for list;/);
    // Names of Object's prototype are no options.
    expect(refusal('list', ['data', '--constructor'])).toMatch(/^unknown option --constructor for list;/);
  });

  it('refuses a flag given a value, an option missing its value, and a value that looks like an option', () => {
    const help = '"segscope list --help" lists its options';
    expect(refusal('list', ['data', '--json=yes'])).toBe(`--json takes no value; ${help}`);
    expect(refusal('list', ['data', '--namespace'])).toBe(`--namespace takes a value; ${help}`);
    expect(refusal('list', ['--namespace', '--json', 'data'])).toBe(
      '--namespace takes a value, not the option "--json"; a value starting with "-" goes as --namespace=<value>',
    );
  });
});
