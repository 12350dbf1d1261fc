import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SegscopeApi } from '../api/api-contract.js';
import { invokeApi } from '../api/schemas.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { ProgressEvent } from '../progress.js';
import type { StoreResult } from '../model/results.js';
import { decodeWire, encodeWire } from '../transport/codec.js';
import { receiveUpload, uploadName } from './upload.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { ConnectionGuard } from './connection-guard.js';
import { HttpRefusal } from './http-refusal.js';
import { writePaced } from './paced-write.js';
import { contentType, staticFilePath } from './static-file.js';
import { type TransferPace, describePace, watchPace } from './transfer-pace.js';

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
  broadcast: (event: ProgressEvent) => void;
  close(): Promise<void>;
}

/** API calls are small JSON documents; dropped files come as raw streamed bodies (upload.ts). */
const MAX_BODY = 1 << 20;
/** How long a connection may take to send a request's headers, checked every HEADERS_CHECK_MS. */
export const HEADERS_TIMEOUT_MS = 5000;
export const HEADERS_CHECK_MS = 1000;
/** An API call's body (at most MAX_BODY) has 10 s, whatever its pace. */
const API_BODY_PACE: TransferPace = { graceMs: 10_000, bytesPerSecond: Infinity, idleMs: 15_000 };
/**
 * A dropped file's body (MAX_UPLOAD_BYTES at most, upload.ts) comes from a page on this machine, which sends
 * hundreds of MiB a second; held to 8 MiB a second, even the largest upload ends within 35 min.
 */
const UPLOAD_PACE: TransferPace = { graceMs: 30_000, bytesPerSecond: 8 << 20, idleMs: 15_000 };
/** An answer must be taken: one whose client stops reading is cut within seconds (paced-write.ts). */
export const RESPONSE_PACE: TransferPace = { graceMs: 10_000, bytesPerSecond: 1 << 20, idleMs: 10_000 };
/** Events not yet taken by a page, past which its stream is cut. */
const EVENTS_BACKLOG_BYTES = 1 << 20;
/** Statuses that turn a request away: its connection is closed, whatever of its body is unread. */
const REFUSALS = new Set([400, 401, 403, 405, 408, 413]);

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * A refusal, or an answer given before the request's body was read to its end, closes the
 * connection as soon as the answer is out: the server never reads on through a body it will not
 * use (Node's own keep-alive would, for as long as the sender keeps it coming). The answer goes
 * at RESPONSE_PACE: a client that stops reading loses its connection, and the server the answer.
 */
function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  const close = REFUSALS.has(status) || !res.req.complete;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  if (close) res.once('finish', () => res.socket?.destroy());
  void writePaced(res, bytes, RESPONSE_PACE);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, encodeWire({ error: { code, message } }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw new HttpRefusal(413, 'the request is too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpRefusal(413, 'the request is too large');
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

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Bounds a body's arrival by `pace`, counting the bytes that actually arrive: when it falls behind,
 * the request is answered 408 and its connection closed. Returns what ends the watch.
 */
function watchBody(res: ServerResponse, pace: TransferPace): () => void {
  const socket = res.req.socket;
  const before = socket.bytesRead;
  return watchPace(
    pace,
    () => socket.bytesRead - before,
    () => sendError(res, 408, 'INVALID_ARGUMENT', `the request's body did not arrive in time (${describePace(pace)})`),
  );
}

/**
 * A dropped file, sent as its raw bytes (`POST /api/upload?name=…&replace=0|1`), stored through
 * the API's storeFiles from a private temporary copy, and reported under its own name.
 */
async function storeUpload(api: SegscopeApi, req: IncomingMessage, url: URL, received: () => void): Promise<unknown> {
  const name = uploadName(url.searchParams.get('name'));
  const { path, discard } = await receiveUpload(req, name);
  received();
  try {
    const result = (await invokeApi(api, 'storeFiles', {
      paths: [path],
      replace: url.searchParams.get('replace') === '1',
    })) as StoreResult;
    return {
      stored: result.stored.map((s) => ({ ...s, source: name })),
      refused: result.refused.map((r) => ({ ...r, source: name })),
    };
  } finally {
    await discard();
  }
}

/** What every request is answered from. */
interface Served {
  options: ServeOptions;
  token: string;
  /** The pages reading the event stream. */
  listeners: Set<ServerResponse>;
  guard: ConnectionGuard;
  /** The Host values this server answers to (its port is known once it listens). */
  allowedHosts: () => Set<string>;
}

/** The event stream a page reads progress from, open until the page goes. */
function openEventStream(req: IncomingMessage, res: ServerResponse, listeners: Set<ServerResponse>): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  listeners.add(res);
  req.on('close', () => listeners.delete(res));
}

/** A refusal with its own status; the caller's fault (400) or one the call met (422); else the server's. */
function sendFailure(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpRefusal) return sendError(res, error.status, error.code, error.message);
  if (isSegscopeError(error))
    return sendError(res, error.code === 'INVALID_ARGUMENT' ? 400 : 422, error.code, error.message);
  const detail = error instanceof Error ? error.message : String(error);
  sendError(res, 500, 'INTERNAL', detail);
}

/** An API call (or a dropped file) answered with its result, its body bounded by its own pace. */
async function answerApiCall(api: SegscopeApi, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const upload = url.pathname === '/api/upload';
  const endWatch = watchBody(res, upload ? UPLOAD_PACE : API_BODY_PACE);
  try {
    if (upload) return send(res, 200, encodeWire({ result: await storeUpload(api, req, url, endWatch) }));
    const body = await readBody(req);
    endWatch();
    send(res, 200, encodeWire({ result: await invokeApi(api, url.pathname.slice('/api/'.length), parseBody(body)) }));
  } catch (error) {
    sendFailure(res, error);
  } finally {
    endWatch();
  }
}

/** `/api/…`: the token first; then the event stream, or a POSTed call. */
async function handleApi(served: Served, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!sameToken(req.headers['x-segscope-token'] as string | undefined, served.token)) {
    return sendError(
      res,
      401,
      'UNAUTHORIZED',
      'a valid Segscope token is required (open the address Segscope printed)',
    );
  }
  served.guard.trust(req.socket);
  if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res, served.listeners);
  if (req.method !== 'POST') return sendError(res, 405, 'INVALID_ARGUMENT', 'API calls are POST requests');
  return answerApiCall(served.options.api, req, res, url);
}

/** The renderer's files, by GET only. */
async function serveFile(staticDir: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'GET') return sendError(res, 405, 'INVALID_ARGUMENT', 'only GET for files');
  const found = staticFilePath(staticDir, url.pathname);
  if (found === 'malformed')
    return sendError(res, 400, 'INVALID_ARGUMENT', 'the address has a malformed percent escape');
  if (found === null) return sendError(res, 404, 'NOT_FOUND', 'no such file');
  const { path } = found;
  try {
    send(res, 200, await readFile(path), contentType(path));
  } catch {
    sendError(res, 404, 'NOT_FOUND', 'no such file');
  }
}

/** A Host or Origin other than the address served is refused before anything else is looked at. */
async function handleRequest(served: Served, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = req.headers.host ?? '';
  if (!served.allowedHosts().has(host))
    return sendError(res, 403, 'UNAUTHORIZED', 'requests must be addressed to the loopback address Segscope serves');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return sendError(res, 403, 'UNAUTHORIZED', 'requests from other origins are refused');
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (url.pathname.startsWith('/api/')) return handleApi(served, req, res, url);
  return serveFile(served.options.staticDir, req, res, url);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}

/** A page that stops reading its events loses the stream rather than having them pile up here. */
function broadcastTo(listeners: Set<ServerResponse>, event: ProgressEvent): void {
  const frame = `data: ${JSON.stringify(event)}\n\n`;
  for (const res of listeners) {
    if (res.writableLength > EVENTS_BACKLOG_BYTES) res.destroy();
    else res.write(frame);
  }
}

/**
 * The browser mode: the renderer and the API over HTTP on 127.0.0.1 only. Every API
 * and event request must carry the token; a Host or Origin other than the loopback address being
 * served is refused, so a web page cannot reach the API through DNS rebinding.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const listeners = new Set<ServerResponse>();
  const guard = new ConnectionGuard();
  let port = 0;
  const served: Served = {
    options,
    token,
    listeners,
    guard,
    allowedHosts: () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]),
  };
  // Node's requestTimeout is one figure for every request; a dropped file's body may take far
  // longer than an API call's, so each body gets its own deadline (watchBody) once the token is in.
  const server: Server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0, connectionsCheckingInterval: HEADERS_CHECK_MS },
    (req, res) => {
      handleRequest(served, req, res).catch((error: unknown) => sendError(res, 500, 'INTERNAL', String(error)));
    },
  );
  server.on('connection', (socket: Socket) => guard.admit(socket));
  await listen(server, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    broadcast: (event) => broadcastTo(listeners, event),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
