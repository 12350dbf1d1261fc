import { parseArgs } from 'node:util';
import { SegscopeError, exitStatusOf } from '../errors.js';
import { type CliIo, type CommandSpec, usageError } from './command.js';
import { COMMANDS } from './commands/index.js';
import { Blocks, writeJson } from './json.js';

export { syncOutput } from './sync-output.js';

function helpText(): string {
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return ['usage: segscope <command> [options] [--json]', '', 'commands:', ...lines, ''].join('\n');
}

function parse(command: CommandSpec, argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw usageError(`${detail} (usage: segscope ${command.usage})`);
  }
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw usageError(`wrong number of arguments (usage: segscope ${command.usage})`);
  }
  return parsed;
}

const HELP = new Set(['--help', '-h']);

/** `segscope <command> --help`: asked for before any `--` (after it, `--help` is a positional). */
function asksHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => HELP.has(arg));
}

/** Runs one `segscope` invocation and returns its exit status; never calls process.exit. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name) || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(helpText());
    return name === undefined ? 2 : 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec && asksHelp(rest)) {
    io.stdout.write(`usage: segscope ${spec.usage}\n\n${spec.summary}\n`);
    return 0;
  }
  try {
    if (!spec) throw usageError(`unknown command "${name}"; run "segscope --help" for the list`);
    const { values, positionals } = parse(spec, rest);
    const json = values.json === true;
    const { command } = await spec.load();
    if (spec.wholeListing) io.tuneHeap?.();
    const outcome = await command.run({ values, positionals, json }, io);
    try {
      if (json) writeJson(outcome.json, (text) => io.stdout.write(text));
      else writeText(outcome.text, io);
    } finally {
      await outcome.close?.();
    }
    return outcome.exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function writeText(text: string | Iterable<string>, io: CliIo): void {
  if (typeof text === 'string') {
    io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return;
  }
  const blocks = new Blocks((block) => io.stdout.write(block));
  for (const line of text) {
    blocks.put(line);
    blocks.put('\n');
  }
  blocks.end();
}

function report(error: unknown, io: CliIo): number {
  const debug = io.env.SEGSCOPE_DEBUG === '1';
  if (error instanceof SegscopeError) {
    io.stderr.write(`segscope: ${error.code}: ${error.message}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return exitStatusOf(error.code);
  }
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`segscope: INTERNAL: ${detail} (run with SEGSCOPE_DEBUG=1 for details)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 2;
}
