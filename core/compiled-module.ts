import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of a compiled module to start in a process or thread of its own, `name` without its
 * extension: beside the module at `from` as tsc compiled it into dist/ (`.js`, the desktop app),
 * or as the command's bundles sit in dist/cli (`.cjs`: one file to load, where an ES module's
 * imports make a thread slower to start), or else dist's copy (at `distPath`) of the
 * TypeScript source's module (the tests: a plain process cannot load .ts).
 */
export function compiledModule(from: string, name: string, distPath: string): string {
  for (const file of [`${name}.js`, `${name}.cjs`]) {
    const beside = fileURLToPath(new URL(`./${file}`, from));
    if (existsSync(beside)) return beside;
  }
  return fileURLToPath(new URL(`../../dist/${distPath}/${name}.js`, from));
}
