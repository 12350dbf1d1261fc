import { parseArgs } from 'node:util';
import type { CommandArgs, CommandSpec } from './command.js';
import { usageError } from './command.js';

/** What Node's parser says, as one sentence of ours: its own has an unbalanced quote. */
function parseFailure(error: unknown, spec: CommandSpec): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const option = /'([^' ]+)/.exec(message)?.[1] ?? '';
  const help = `"segscope ${spec.name} --help" lists its options`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return usageError(`unknown option ${option} for ${spec.name}; ${help} (a value starting with "-" goes after "--")`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return usageError(
      message.includes('missing') ? `${option} takes a value; ${help}` : `${option} takes no value; ${help}`,
    );
  }
  return usageError(`${message}; ${help}`);
}

/**
 * The one rule for a command's arguments: its options, `--json`, and for a command that reads a
 * location (`spec.location`), that location as its first positional argument or as `--dir
 * <path>`, the same either way; the positionals left are the command's own.
 */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): CommandArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, ...(spec.location ? { dir: { type: 'string' } } : {}), json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseFailure(error, spec);
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  let location: string | undefined;
  if (spec.location) {
    const dir = values.dir;
    if (dir !== undefined && typeof dir !== 'string') throw usageError('--dir takes a path');
    if (dir !== undefined) {
      if (positionals.length > spec.positionals.max) {
        throw usageError(`the location is given twice, as "${positionals[0] ?? ''}" and as --dir ${dir}; give one`);
      }
      location = dir;
    } else if ('remote' in values && values.remote !== undefined && positionals.length <= spec.positionals.max) {
      // A bucket alone (`list --remote s3://b`): the positionals left are the command's own.
      location = undefined;
    } else {
      location = positionals[0];
      if (location === undefined)
        throw usageError(`${spec.name} needs a location: segscope ${spec.name} <path> (or --dir <path>)`);
      positionals = positionals.slice(1);
    }
    if (location === '') throw usageError('the location is an empty path');
  }
  const { min, max } = spec.positionals;
  if (positionals.length < min || positionals.length > max) {
    throw usageError(`wrong number of arguments; "segscope ${spec.name} --help" shows the usage`);
  }
  return { values, positionals, location, json: values.json === true };
}
