import { SegscopeError } from '../errors.js';

/**
 * Where a command writes: all it needs of a stream is `write`, so the binary's standard output is
 * a few blocking writes (sync-output.ts) and Node's stream machinery is not loaded at start.
 */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /**
   * Called before a command that holds a namespace's whole listing runs: the binary tunes V8's
   * heap for its many short-lived objects there (bin/segscope.cjs), and only there, because
   * setting a V8 flag at all slows every start (node:v8 loads Node's streams, and Node's own
   * modules loaded after it miss their compiled code cache).
   */
  tuneHeap?: () => void;
  /**
   * Called by a command told to stop (Ctrl-C, SIGTERM) before it lets go of what it started: work
   * it cannot end (a remote call waiting on a socket, a build of a point's database) would keep
   * the process alive, so the binary ends the process shortly after the command returns.
   */
  abandon?: () => void;
  /** What `segscope --version` prints (the binary reads it from package.json). */
  version?: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A command's options by name (long options only): one that takes a value, or a flag (parse-args.ts). */
export type OptionSpecs = Readonly<Record<string, { type: 'string' | 'boolean' }>>;

export interface CommandArgs {
  values: OptionValues;
  positionals: string[];
  /** The location a command reads (`<path>` or `--dir <path>`), for a command with `location`. */
  location: string | undefined;
  /** True with `--json`: the outcome's `json` is printed instead of its `text`. */
  json: boolean;
}

export interface CommandOutcome {
  /**
   * The `--json` document; a sequence in it may be lazy, but nothing in it arrives over time: what
   * can fail on the way (a query's rows) is read before it is handed over, so no half is written.
   */
  json: unknown;
  /**
   * What a person reads without `--json`: a getter where it is long, so `--json` never renders
   * it, or lines produced as they are written.
   */
  text: string | Iterable<string> | AsyncIterable<string>;
  /** 0: all well; 1: the command ran and found a problem; 2: an input could not be read (exitStatusOf). */
  exitCode: 0 | 1 | 2;
  /** Releases what the output was read from, once it has been written (or failed). */
  close?: () => Promise<void>;
}

/**
 * What the command table (commands/index.ts) holds of a command without loading it: enough to
 * print help and check the arguments.
 */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpecs;
  /** How many positional arguments it takes, besides the location. */
  positionals: { min: number; max: number };
  /**
   * It reads a location, given as its first positional argument or as `--dir <path>`, the same
   * either way (parse-args.ts).
   */
  location?: true;
  /** Command lines `<command> --help` shows, each a complete one a person can run. */
  examples: string[];
  /** It builds a namespace's whole listing in memory (see CliIo.tuneHeap). */
  wholeListing?: true;
  /** The module doing the work; each exports its `command`. */
  load(): Promise<{ command: Command }>;
}

/** What a command does, in a module of its own (commands/<name>.ts). */
export interface Command {
  run(args: CommandArgs, io: CliIo): Promise<CommandOutcome>;
}

/** The location of a command with `location` (the parser has made sure it is there). */
export function locationOf(args: CommandArgs): string {
  if (args.location === undefined) throw usageError('a location is needed: <path> or --dir <path>');
  return args.location;
}

export function usageError(message: string): SegscopeError {
  return new SegscopeError('INVALID_ARGUMENT', message);
}

/** A string option's value; `--frame` given twice or as a flag is a usage error. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw usageError(`--${name} takes a value`);
  return value;
}

export function requiredOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') throw usageError(`--${name} is required`);
  return value;
}
