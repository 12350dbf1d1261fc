import { PassThrough } from 'node:stream';
import { main } from '../../core/cli/main.js';

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
