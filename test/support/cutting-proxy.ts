import { type AddressInfo, type Socket, createConnection, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server. It counts the HTTP requests that pass
 * (by their request lines) and, when armed, cuts the connection after a number of response bytes:
 * a real mid-download failure, not a simulated one.
 */
export interface CuttingProxy {
  endpoint: string;
  /** Request lines seen so far, e.g. `GET /bucket?list-type=2&…`. */
  requests: string[];
  /**
   * Cut the response to the next object GET (a GET with no query: not a LIST) after this many
   * bytes, then disarm; with `keyPart`, the next GET of a key containing it.
   */
  cutNextResponseAfter(bytes: number, keyPart?: string): void;
  /** As cutNextResponseAfter, but the connection stays open and silent after the bytes: a slow object. */
  stallNextResponseAfter(bytes: number, keyPart?: string): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|PUT|POST|HEAD|DELETE) (\S+) HTTP\/1\.1\r$/gm;

export async function startCuttingProxy(upstreamPort: number): Promise<CuttingProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let cut: { bytes: number; keyPart: string; stall: boolean } | null = null;
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client);
    sockets.add(upstream);
    let budget: number | null = null;
    let stall = false;
    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
        const [method = '', target = ''] = [match[1], match[2]];
        requests.push(`${method} ${target}`);
        if (cut && method === 'GET' && !target.includes('?') && target.includes(cut.keyPart)) {
          budget = cut.bytes;
          stall = cut.stall;
          cut = null;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (budget === null) {
        client.write(chunk);
        return;
      }
      const part = chunk.subarray(0, Math.max(budget, 0));
      budget -= part.length;
      if (part.length > 0) client.write(part);
      if (budget <= 0 && !stall) {
        client.destroy();
        upstream.destroy();
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    cutNextResponseAfter(bytes, keyPart = '') {
      cut = { bytes, keyPart, stall: false };
    },
    stallNextResponseAfter(bytes, keyPart = '') {
      cut = { bytes, keyPart, stall: true };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
