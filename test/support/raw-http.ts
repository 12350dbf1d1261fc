import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { type Socket, connect } from 'node:net';

/** Sends a raw request, so headers a browser would never let a page forge can be tried. */
export function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'POST',
  body = '{}',
): Promise<number> {
  return rawWithBody(port, path, headers, method, body).then((r) => r.status);
}

/** `finish: false` leaves the body unfinished, as a client announcing more than it sends would. */
export function rawWithBody(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'POST',
  body = '{}',
  finish = true,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (error) =>
      reject(new Error(`${method} ${path} with ${JSON.stringify(headers)}: ${error.message}`)),
    );
    if (finish) req.end(method === 'POST' ? body : undefined);
    else req.write(body);
  });
}

/** A client that sent a whole request and reads not a byte of the answer. */
export interface UnreadRequest {
  socket: Socket;
  openedAt: number;
  /**
   * Whether the server has let go of the connection. The client cannot tell: it never reads, so it
   * never sees the end. The server's side is read from the kernel's table (/proc/net/tcp): its socket
   * has left ESTABLISHED (state 01) once the server closed it, whatever it still had to send.
   */
  serverLetGo(): boolean;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

export async function sendWithoutReading(port: number, request: string): Promise<UnreadRequest> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((done) => socket.once('connect', done));
  socket.pause();
  socket.write(request);
  const local = `0100007F:${hex(port, 4)}`;
  const remote = `0100007F:${hex(socket.localPort ?? 0, 4)}`;
  return {
    socket,
    openedAt: Date.now(),
    serverLetGo: () => {
      const row = readFileSync('/proc/net/tcp', 'utf8')
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .find((f) => f[1] === local && f[2] === remote);
      return row?.[3] !== '01';
    },
  };
}
