import { SegscopeError, exitStatusOf } from '../errors.js';
import { type CliIo, usageError } from './command.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';
import { Blocks, writeJson } from './json.js';
import { parseCommandArgs } from './parse-args.js';
import { printable, printableLines, problemText } from './printable.js';

export { syncOutput } from './sync-output.js';
export { nodeNote } from '../node-support.js';
export { commandLineArgs } from '../fs-names.js';

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
    (name === undefined ? io.stderr : io.stdout).write(mainHelp(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`segscope ${io.version ?? 'unknown'}\n`);
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec && asksHelp(rest)) {
    io.stdout.write(commandHelp(spec));
    return 0;
  }
  try {
    if (!spec) throw usageError(`unknown command "${name}"; run "segscope --help" for the list`);
    const args = parseCommandArgs(spec, rest);
    const { json } = args;
    const { command } = await spec.load();
    if (spec.wholeListing) io.tuneHeap?.();
    const outcome = await command.run(args, io);
    try {
      if (json) writeJson(outcome.json, (text) => io.stdout.write(text));
      else await writeText(outcome.text, io);
    } finally {
      await outcome.close?.();
    }
    return outcome.exitCode;
  } catch (error) {
    return report(error, io);
  }
}

async function writeText(text: string | Iterable<string> | AsyncIterable<string>, io: CliIo): Promise<void> {
  if (typeof text === 'string') {
    const safe = printableLines(text);
    io.stdout.write(safe.endsWith('\n') || safe === '' ? safe : `${safe}\n`);
    return;
  }
  const blocks = new Blocks((block) => io.stdout.write(block));
  const put = (line: string) => {
    blocks.put(printableLines(line));
    blocks.put('\n');
  };
  // A sync sequence is written without an await a line: a listing has 200,000 of them.
  if (Symbol.asyncIterator in text) for await (const line of text) put(line);
  else for (const line of text) put(line);
  blocks.end();
}

function report(error: unknown, io: CliIo): number {
  const debug = io.env.SEGSCOPE_DEBUG === '1';
  if (error instanceof SegscopeError) {
    io.stderr.write(`segscope: ${problemText(error)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return exitStatusOf(error.code);
  }
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`segscope: INTERNAL: ${printable(detail)} (run with SEGSCOPE_DEBUG=1 for details)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 2;
}
