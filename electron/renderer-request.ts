import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../core/server/content-security-policy.js';
import { contentType, staticFilePath } from '../core/server/static-file.js';
import { isAppUrl } from './app-origin.js';

/**
 * The answer to an `app://` request: a file of the built renderer under `root`, with the
 * Content-Security-Policy header. The URL is parsed and decoded inside the try, so a malformed
 * escape is answered (400) rather than thrown out of Electron's protocol handler.
 */
export async function rendererResponse(request: Request, root: string): Promise<Response> {
  try {
    // Only the app's own host is served: another host under the same scheme gets nothing.
    if (!isAppUrl(request.url)) return new Response('not found', { status: 404 });
    const found = staticFilePath(root, new URL(request.url).pathname);
    if (found === 'malformed') return new Response('malformed address', { status: 400 });
    if (found === null) return new Response('not found', { status: 404 });
    const { path } = found;
    return new Response(await readFile(path), {
      headers: { 'Content-Type': contentType(path), 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
