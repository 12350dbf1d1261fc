import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

/** s3rver's built-in account: any other key pair is refused, which the auth tests rely on. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface RunningS3Server {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts a real S3 server on 127.0.0.1 on a port the OS picks, storing objects under `dir`. */
export async function startS3Server(dir: string, port = 0): Promise<RunningS3Server> {
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
