import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { SegscopeApi } from '../api/api-contract.js';
import { invokeApi } from '../api/schemas.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { ProgressEvent } from '../progress.js';
import type { StoreResult } from '../api/types.js';
import { decodeWire, encodeWire } from '../transport/codec.js';
import { receiveUpload, uploadName } from './upload.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export interface ServeOptions {
  api: SegscopeApi;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
  port?: number;
  /** Given for tests; otherwise 32 random bytes. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** Sends a progress event to every connected page. */
  broadcast(event: ProgressEvent): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};
/** API calls are small JSON documents; dropped files come as raw streamed bodies (upload.ts). */
const MAX_BODY = 1 << 20;
/** Loopback connections at once, and how long one may take to send its headers. */
const MAX_CONNECTIONS = 256;
const HEADERS_TIMEOUT_MS = 5000;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, encodeWire({ error: { code, message } }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw new SegscopeError('INVALID_ARGUMENT', 'the request is too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new SegscopeError('INVALID_ARGUMENT', 'the request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whatever the body holds (bad JSON, bad base64, nesting deep enough to overflow the stack) is the caller's fault. */
function parseBody(text: string): unknown {
  try {
    return decodeWire(text || '{}');
  } catch {
    throw new SegscopeError('INVALID_ARGUMENT', 'the request body is not a valid Segscope API document');
  }
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new SegscopeError('INVALID_ARGUMENT', 'the address has a malformed percent escape');
  }
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A dropped file, sent as its raw bytes (`POST /api/upload?name=…&replace=0|1`), stored through
 * the API's storeFiles from a private temporary copy, and reported under its own name.
 */
async function storeUpload(api: SegscopeApi, req: IncomingMessage, url: URL): Promise<unknown> {
  const name = uploadName(url.searchParams.get('name'));
  const { path, discard } = await receiveUpload(req, name);
  try {
    const result = (await invokeApi(api, 'storeFiles', { paths: [path], replace: url.searchParams.get('replace') === '1' })) as StoreResult;
    return {
      stored: result.stored.map((s) => ({ ...s, source: name })),
      refused: result.refused.map((r) => ({ ...r, source: name })),
    };
  } finally {
    await discard();
  }
}

/**
 * The browser mode (DESIGN.md): the renderer and the API over HTTP on 127.0.0.1 only. Every API
 * and event request must carry the token; a Host or Origin other than the loopback address being
 * served is refused, so a web page cannot reach the API through DNS rebinding.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const listeners = new Set<ServerResponse>();
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return sendError(res, 403, 'UNAUTHORIZED', 'requests must be addressed to the loopback address Segscope serves');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return sendError(res, 403, 'UNAUTHORIZED', 'requests from other origins are refused');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/api/')) {
      if (!sameToken(req.headers['x-segscope-token'] as string | undefined, token)) {
        return sendError(res, 401, 'UNAUTHORIZED', 'a valid Segscope token is required (open the address Segscope printed)');
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (req.method !== 'POST') return sendError(res, 405, 'INVALID_ARGUMENT', 'API calls are POST requests');
      try {
        if (url.pathname === '/api/upload') return send(res, 200, encodeWire({ result: await storeUpload(options.api, req, url) }));
        const input = parseBody(await readBody(req));
        send(res, 200, encodeWire({ result: await invokeApi(options.api, url.pathname.slice('/api/'.length), input) }));
      } catch (error) {
        if (isSegscopeError(error)) return sendError(res, error.code === 'INVALID_ARGUMENT' ? 400 : 422, error.code, error.message);
        const detail = error instanceof Error ? error.message : String(error);
        sendError(res, 500, 'INTERNAL', detail);
      }
      return;
    }

    if (req.method !== 'GET') return sendError(res, 405, 'INVALID_ARGUMENT', 'only GET for files');
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : decodePath(url.pathname.slice(1));
    } catch (error) {
      return sendError(res, 400, 'INVALID_ARGUMENT', error instanceof Error ? error.message : String(error));
    }
    const path = normalize(join(options.staticDir, relative));
    if (!path.startsWith(options.staticDir + sep)) return sendError(res, 404, 'NOT_FOUND', 'no such file');
    try {
      send(res, 200, await readFile(path), TYPES[extname(path)] ?? 'application/octet-stream');
    } catch {
      sendError(res, 404, 'NOT_FOUND', 'no such file');
    }
  };

  const server: Server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0, connectionsCheckingInterval: 1000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, 'INTERNAL', String(error)));
  });
  // Half-open connections that never send a request must not use up the process's descriptors.
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    broadcast(event) {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const res of listeners) res.write(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
