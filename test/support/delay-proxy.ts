import { type AddressInfo, type Socket, createConnection, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that stands for a distant server: every byte waits half the round
 * trip on its way in and half on its way out, and a new connection waits a whole round trip
 * (the handshake) before its first byte goes through. The kernel here has no netem, so the
 * benches and tests bring their own. `jitterMs` adds up to that much more to each response, so
 * answers on different connections arrive out of the order they were asked in. It also records
 * the HTTP requests that pass, by their request lines.
 */
export interface DelayProxy {
  endpoint: string;
  /** Requests seen so far, in order; a LIST is a GET of the bucket whose target holds `list-type`. */
  requests: { method: string; target: string }[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|PUT|POST|HEAD|DELETE) (\S+) HTTP\/1\.1\r$/gm;

/**
 * Passes `from`'s bytes to `to` each after its delay, in the order they came: a chunk never
 * overtakes the one before it, whatever their delays.
 */
function delayedPipe(from: Socket, to: Socket, delayMs: () => number): void {
  const queue: { at: number; send: () => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const drain = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.at ?? 0) <= now) queue.shift()?.send();
    const next = queue[0];
    if (next) timer = setTimeout(drain, Math.max(0, next.at - now));
  };
  const push = (send: () => void) => {
    const at = Math.max(queue.at(-1)?.at ?? 0, performance.now() + delayMs());
    queue.push({ at, send });
    timer ??= setTimeout(drain, Math.max(0, at - performance.now()));
  };
  from.on('data', (chunk: Buffer) => push(() => !to.destroyed && to.write(chunk)));
  from.on('end', () => push(() => !to.destroyed && to.end()));
  from.on('close', () => {
    if (timer) clearTimeout(timer);
  });
}

export async function startDelayProxy(upstreamPort: number, roundTripMs: number, jitterMs = 0): Promise<DelayProxy> {
  const requests: { method: string; target: string }[] = [];
  const sockets = new Set<Socket>();
  const half = roundTripMs / 2;
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    let upstream: Socket | null = null;
    const end = () => {
      client.destroy();
      upstream?.destroy();
      sockets.delete(client);
      if (upstream) sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    const connect = () => {
      if (client.destroyed) return;
      const up = createConnection({ host: '127.0.0.1', port: upstreamPort });
      upstream = up;
      sockets.add(up);
      up.on('close', end).on('error', end);
      client.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE))
          requests.push({ method: match[1] ?? '', target: match[2] ?? '' });
      });
      let answering = false;
      delayedPipe(client, up, () => {
        answering = false;
        return half;
      });
      delayedPipe(up, client, () => {
        // One response's chunks share one draw of the jitter: it delays answers, not bytes within one.
        const extra = !answering && jitterMs > 0 ? Math.random() * jitterMs : 0;
        answering = true;
        return half + extra;
      });
      client.resume();
    };
    if (roundTripMs > 0) setTimeout(connect, roundTripMs);
    else connect();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
