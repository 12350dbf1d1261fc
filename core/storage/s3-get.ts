import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SegscopeError } from '../errors.js';
import { isSegscopeError } from '../errors.js';
import { countRequest, type StoredObject } from './object-store.js';
import { REMOTE_BUDGET } from './remote-budget.js';
import type { S3ClientOptions, S3Settings } from './s3-client.js';
import { s3Error } from './s3-errors.js';
import { type S3Credentials, S3Signer, awsEncode } from './s3-signer.js';

/** Connections kept to the bucket: the most GETs one process has in flight. */
const MAX_S3_CONNECTIONS = 64;
/** An error answer's XML is a few hundred bytes; more is not read. */
const ERROR_BODY_LIMIT = 64 << 10;

interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  /** The Host header. */
  host: string;
  /** What comes before the key on the request line: `/bucket` path-style, `` virtual-hosted. */
  prefix: string;
}

/** Path-style on a configured endpoint (as every S3 look-alike takes it); AWS's own hosts otherwise. */
function targetOf(settings: S3Settings): Target {
  const bucket = awsEncode(settings.bucket);
  if (settings.endpoint) {
    const url = new URL(settings.endpoint);
    const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
    return {
      protocol,
      hostname: url.hostname,
      port: url.port,
      host: url.host,
      prefix: `${url.pathname.replace(/\/$/, '')}/${bucket}`,
    };
  }
  // A bucket name with dots breaks the certificate of its virtual host: AWS serves it path-style.
  const virtual = /^[a-z0-9][a-z0-9-]*$/.test(settings.bucket);
  const host = virtual
    ? `${settings.bucket}.s3.${settings.region}.amazonaws.com`
    : `s3.${settings.region}.amazonaws.com`;
  return { protocol: 'https:', hostname: host, port: '', host, prefix: virtual ? '' : `/${bucket}` };
}

/** The `<Code>` of an S3 error answer. */
function errorCode(xml: string): string {
  return /<Code>([^<]{1,100})<\/Code>/.exec(xml)?.[1] ?? '';
}

async function readSmall(response: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > ERROR_BODY_LIMIT) break;
    parts.push(bytes);
  }
  response.destroy();
  return Buffer.concat(parts).toString('utf8');
}

/** An answer the SDK would have thrown, in the shape s3Error reads. */
class S3Answer extends Error {
  constructor(
    override readonly name: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(`HTTP ${$metadata.httpStatusCode}${name ? ` ${name}` : ''}`);
  }
}

const retryable = (status: number) => status >= 500 || status === 429;

/**
 * GetObject over Node's own HTTP client, signed with SigV4, on a pool of kept-alive connections,
 * within the remote budget: each attempt must be answered within `requestTimeoutMs` (a new
 * connection within `connectTimeoutMs`), a 5xx, 429 or broken connection is tried again up to
 * `maxAttempts` with jittered backoff, and the whole request ends at `deadlineMs` whatever
 * attempt it is on. Once the answer begins the body is the caller's to bound (boundedBody).
 * Counted as `GetObjectCommand` per attempt, as the SDK's requests are.
 */
export class S3Get {
  private readonly target: Target;
  private readonly signer: S3Signer;
  private readonly agent: HttpAgent;
  private readonly budget: Required<S3ClientOptions>;

  constructor(
    settings: S3Settings,
    options: S3ClientOptions,
    private readonly credentials: () => Promise<S3Credentials>,
    private readonly requests: Map<string, number>,
    private readonly description: string,
    private readonly deadlineError: (what: string) => SegscopeError,
  ) {
    this.target = targetOf(settings);
    this.signer = new S3Signer(settings.region);
    const agentOptions = { keepAlive: true, maxSockets: MAX_S3_CONNECTIONS, maxFreeSockets: MAX_S3_CONNECTIONS };
    this.agent = this.target.protocol === 'http:' ? new HttpAgent(agentOptions) : new HttpsAgent(agentOptions);
    this.budget = {
      maxAttempts: options.maxAttempts ?? REMOTE_BUDGET.maxAttempts,
      connectTimeoutMs: options.connectTimeoutMs ?? REMOTE_BUDGET.connectTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? REMOTE_BUDGET.attemptTimeoutMs,
      deadlineMs: options.deadlineMs ?? REMOTE_BUDGET.callDeadlineMs,
    };
  }

  async get(key: string): Promise<StoredObject | null> {
    const what = `reading ${key}`;
    const path = `${this.target.prefix}/${key.split('/').map(awsEncode).join('/')}`;
    // Ends the request at the deadline, not its body: once the answer begins, boundedBody bounds it.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.budget.deadlineMs);
    try {
      return await this.attempts(what, path, abort.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attempts(what: string, path: string, deadline: AbortSignal): Promise<StoredObject | null> {
    let last: unknown = null;
    for (let attempt = 1; attempt <= this.budget.maxAttempts; attempt++) {
      if (attempt > 1) {
        const backoffMs = Math.random() * Math.min(100 * 2 ** (attempt - 1), 2000);
        await sleep(backoffMs, undefined, { signal: deadline }).catch(() => undefined);
      }
      if (deadline.aborted) throw this.deadlineError(what);
      try {
        const response = await this.attempt(path, deadline);
        const status = response.statusCode ?? 0;
        if (status === 200) {
          const length = response.headers['content-length'];
          return { body: response, contentLength: length === undefined ? null : BigInt(length) };
        }
        const answer = new S3Answer(errorCode(await readSmall(response)), { httpStatusCode: status });
        if (status === 404 && answer.name !== 'NoSuchBucket') return null;
        if (!retryable(status)) throw s3Error(answer, what, this.description);
        last = answer;
      } catch (error) {
        if (isSegscopeError(error)) throw error;
        if (deadline.aborted) throw this.deadlineError(what);
        last = error;
      }
    }
    throw s3Error(last, what, this.description);
  }

  /** One attempt, to the beginning of its answer. */
  private async attempt(path: string, deadline: AbortSignal): Promise<IncomingMessage> {
    countRequest(this.requests, 'GetObjectCommand');
    const headers = await this.signer.sign(this.target, path, await this.credentials());
    const request = this.target.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({
        protocol: this.target.protocol,
        hostname: this.target.hostname,
        port: this.target.port,
        path,
        headers,
        agent: this.agent,
        signal: deadline,
      });
      const timeout = (ms: number, why: string) =>
        setTimeout(() => req.destroy(Object.assign(new Error(`${why} within ${ms} ms`), { name: 'TimeoutError' })), ms);
      const answer = timeout(this.budget.requestTimeoutMs, 'no answer');
      let connect: NodeJS.Timeout | null = null;
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connect = timeout(this.budget.connectTimeoutMs, 'no connection');
        socket.once('connect', () => connect && clearTimeout(connect));
      });
      const settle = () => {
        clearTimeout(answer);
        if (connect) clearTimeout(connect);
      };
      req.on('response', (response) => {
        settle();
        resolve(response);
      });
      req.on('error', (error) => {
        settle();
        reject(error);
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
