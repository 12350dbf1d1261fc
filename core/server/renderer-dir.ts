import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the built renderer: dist/renderer, beside dist/core. */
export function rendererDir(): string {
  return fileURLToPath(new URL('../../renderer', import.meta.url));
}
