import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build` puts the built renderer: dist/renderer. Compiled by tsc, this module sits
 * in dist/core/server; run from source (the tests) in core/server, bundled into the command in
 * dist/cli: both two folders below the package root.
 */
export function rendererDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const compiled = here.includes(`${sep}dist${sep}core${sep}`);
  return resolve(here, compiled ? '../../renderer' : '../../dist/renderer');
}
