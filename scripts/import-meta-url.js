// Injected into the command's CommonJS bundle (package.json's build:cli), where esbuild reads
// `import.meta.url` as this: the bundle's own address, as a chunk's was in dist/cli.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
