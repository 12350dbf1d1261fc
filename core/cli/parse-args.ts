import type { CommandArgs, CommandSpec, OptionSpecs, OptionValues } from './command.js';
import { usageError } from './command.js';
import { printable } from './printable.js';

/**
 * A command's options and positionals, by the rules of Node's `util.parseArgs` in strict mode for
 * long options, all that commands take: `--name value` or `--name=value`, a flag bare, `--` ending
 * the options, a lone `-` a positional, the last of a repeated option kept; an unknown option or a
 * value that looks like an option is refused. Node's parser is not used: loading and compiling it
 * was about 3 M instructions of every command's start, more than all of this costs.
 */
function splitArgs(
  spec: CommandSpec,
  options: OptionSpecs,
  argv: readonly string[],
): Pick<CommandArgs, 'values' | 'positionals'> {
  const help = `"segscope ${spec.name} --help" lists its options`;
  const values: OptionValues = {};
  const positionals: string[] = [];
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(at + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const equals = long ? arg.indexOf('=') : -1;
    // A short option (`-x`, or a group `-xy`) is named by its first letter: no command takes one.
    const name = long ? arg.slice(2, equals === -1 ? undefined : equals) : arg.slice(1, 2);
    const option = printable(`${long ? '--' : '-'}${name}`);
    const type = long && Object.hasOwn(options, name) ? options[name]?.type : undefined;
    if (type === undefined)
      throw usageError(
        `unknown option ${option} for ${spec.name}; ${help} (a value starting with "-" goes after "--")`,
      );
    if (type === 'boolean') {
      if (equals !== -1) throw usageError(`${option} takes no value; ${help}`);
      values[name] = true;
    } else if (equals !== -1) {
      values[name] = arg.slice(equals + 1);
    } else {
      const value = argv[++at];
      if (value === undefined) throw usageError(`${option} takes a value; ${help}`);
      if (value.length > 1 && value.startsWith('-'))
        throw usageError(
          `${option} takes a value, not the option "${printable(value)}"; ` +
            `a value starting with "-" goes as ${option}=<value>`,
        );
      values[name] = value;
    }
  }
  return { values, positionals };
}

/**
 * The one rule for a command's arguments: its options, `--json`, and for a command that reads a
 * location (`spec.location`), that location as its first positional argument or as `--dir
 * <path>`, the same either way; the positionals left are the command's own.
 */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): CommandArgs {
  const options: OptionSpecs = {
    ...spec.options,
    ...(spec.location ? { dir: { type: 'string' } } : {}),
    json: { type: 'boolean' },
  };
  const split = splitArgs(spec, options, argv);
  const { values } = split;
  let { positionals } = split;
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
