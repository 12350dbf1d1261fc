import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of a compiled module to start in a process or thread of its own: `file`, beside the
 * module at `from` when that runs from dist/, or dist's copy of it (at `distPath`) when it runs from
 * the TypeScript source (the tests), since a plain process or thread cannot load .ts.
 */
export function compiledModule(from: string, file: string, distPath: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, from));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL(`../../dist/${distPath}/${file}`, from));
}
