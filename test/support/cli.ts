import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../core/cli/main.js';

const BINARY = join(process.cwd(), 'bin', 'segscope.cjs');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `segscope <argv>` in-process with captured output (the binary runs this same function). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, { stdout, stderr, env });
  return { code, out, err };
}

/**
 * Runs the installed command, bin/segscope.cjs and its bundles in dist/cli, as a person would;
 * `as` runs it as another user (the caller being root), where file permissions hold.
 */
export async function runBinary(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  as: { uid: number; gid: number } | null = null,
): Promise<CliRun> {
  const child = spawn(process.execPath, [BINARY, ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ?? {}),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number>((done) => child.on('close', (status) => done(status ?? -1)));
  return { code, out, err };
}
