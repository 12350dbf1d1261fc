import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of a compiled module to start in a process or thread of its own: `file`, beside the
 * module at `from` when that was compiled by tsc into dist/, or else dist's copy of it (at
 * `distPath`). The else is the TypeScript source (the tests: a plain process cannot load .ts) and
 * the command's bundle in dist/cli; both sit two folders below the package root.
 */
export function compiledModule(from: string, file: string, distPath: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, from));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL(`../../dist/${distPath}/${file}`, from));
}
