import { extname, join, normalize, sep } from 'node:path';

/** Content types of the renderer's built files. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export function contentType(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/**
 * The file under `root` a URL's path names (`/` is index.html), for the browser mode's server
 * and the desktop app's `app://` scheme alike: 'malformed' for a percent escape that does not
 * decode, null for anything that would land outside `root`. The path comes wrapped so that no
 * file name can be mistaken for 'malformed'.
 */
export function staticFilePath(root: string, pathname: string): { path: string } | 'malformed' | null {
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  } catch {
    return 'malformed';
  }
  const path = normalize(join(root, relative));
  return path.startsWith(root + sep) ? { path } : null;
}
