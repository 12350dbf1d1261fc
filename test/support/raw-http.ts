import { request } from 'node:http';

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
