// Injected into the command's CommonJS bundles (scripts/build-cli.mjs), where esbuild reads
// `import.meta.url` as `importMeta.url`: the bundle's own address, made when code first asks for it.
import { pathToFileURL } from 'node:url';

export const importMeta = {
  get url() {
    return pathToFileURL(__filename).href;
  },
};
