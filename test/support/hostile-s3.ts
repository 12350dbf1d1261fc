import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small S3 server of the project's own that misbehaves on purpose, one way per bucket name
 * (path-style requests: /<bucket>?list-type=2…, /<bucket>/<key>). Real servers never do these
 * things on cue, which is the point: each is a way a bucket or proxy has been seen to fail.
 */
export type Misbehaviour =
  /** The listing says 100 bytes; the GET streams without end. */
  | 'endless-body'
  /** The GET announces a Content-Length of 10^13 and keeps sending. */
  | 'huge-length'
  /** The listing itself says the segment is 10^13 bytes. */
  | 'huge-listing'
  /** LIST requests are accepted and never answered. */
  | 'silent-list'
  /** The GET sends its headers and 40 bytes, then nothing. */
  | 'stalled-body'
  /** The listing is plain; the GET is accepted and never answered. */
  | 'silent-get'
  /** Every listing page is empty and says more follow. */
  | 'empty-truncated'
  /** Pages of 1,000 keys that are not segments, advancing, forever. */
  | 'junk-forever'
  /** 30 pages of junk keys, then the end. */
  | 'junk-30-pages';

export const HOSTILE_PREFIX = 'ns-cluster-1:default-v2/segments/';
/** The one segment the misbehaving listings name: frames 1..9. */
export const HOSTILE_KEY = '0000000000000000001-0000000000000000009-0000000001700000000.segment';

export interface HostileS3 {
  endpoint: string;
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

function listXml(keys: { key: string; size: number }[], truncated: boolean): string {
  const contents = keys
    .map(
      (k) =>
        `<Contents><Key>${k.key}</Key><Size>${k.size}</Size><ETag>"x"</ETag>` +
        '<StorageClass>STANDARD</StorageClass></Contents>',
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult ` +
    'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>' +
    `<Prefix>${HOSTILE_PREFIX}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
    `<IsTruncated>${truncated}</IsTruncated>${contents}</ListBucketResult>`
  );
}

function junkPage(after: string | null): { key: string; size: number }[] {
  const base = after ? Number(after.slice(HOSTILE_PREFIX.length + 'junk-'.length)) + 1 : 0;
  return Array.from({ length: 1000 }, (_, i) => ({
    key: `${HOSTILE_PREFIX}junk-${String(base + i).padStart(12, '0')}`,
    size: 1,
  }));
}

export async function startHostileS3(): Promise<HostileS3> {
  const requests: { method: string; url: string }[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const url = new URL(req.url ?? '/', 'http://x');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const mode = bucket as Misbehaviour;
    const isList = url.searchParams.get('list-type') === '2';
    if (req.method === 'HEAD') {
      res.writeHead(200).end();
      return;
    }
    if (isList) {
      const after = url.searchParams.get('start-after');
      const xml = (body: string): void => void res.writeHead(200, { 'Content-Type': 'application/xml' }).end(body);
      if (mode === 'silent-list') return; // never answered
      if (mode === 'empty-truncated') return xml(listXml([], true));
      if (mode === 'junk-forever') return xml(listXml(junkPage(after), true));
      if (mode === 'junk-30-pages') {
        const page = junkPage(after);
        const last = page.at(-1)?.key ?? '';
        return xml(listXml(page, !last.endsWith(String(30 * 1000 - 1).padStart(12, '0'))));
      }
      const size = mode === 'huge-listing' ? 1e13 : 100;
      xml(listXml(after ? [] : [{ key: `${HOSTILE_PREFIX}${HOSTILE_KEY}`, size }], false));
      return;
    }
    if (decodeURIComponent(rest.join('/')) !== `${HOSTILE_PREFIX}${HOSTILE_KEY}`) {
      res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    if (mode === 'silent-get') return; // never answered
    const chunk = new Uint8Array(64 << 10).fill(0x41);
    if (mode === 'stalled-body') {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write(chunk.subarray(0, 40));
      return; // and then nothing
    }
    res.writeHead(200, mode === 'huge-length' ? { 'Content-Length': String(1e13) } : {});
    const pump = () => {
      while (res.write(chunk)) {
        /* keep the socket full */
      }
    };
    res.on('drain', pump);
    pump();
  };
  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
