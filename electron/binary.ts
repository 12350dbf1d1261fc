import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron binary the `electron` package installed, or null when there is none (its installer
 * downloads it from outside the npm registry). Read from the package's own record (`path.txt`
 * beside `dist/`) rather than by requiring the package: from Electron 45 on, requiring it without
 * a binary starts the download again, which where it cannot succeed prints a stack trace and the
 * package's advice to reinstall before failing. ELECTRON_OVERRIDE_DIST_PATH is honoured as the
 * package honours it.
 */
export function electronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8');
  const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), executable);
  return existsSync(path) ? path : null;
}
