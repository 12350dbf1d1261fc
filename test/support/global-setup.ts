import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { nodeNote } from '../../core/node-support.js';
import { startS3Server } from './s3-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

/** One real S3 server (Ceph's RADOS Gateway) on free loopback ports for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const note = nodeNote(process.versions.node);
  if (note) process.stdout.write(`note: ${note}\n`);
  const dir = await mkdtemp(join(tmpdir(), 'segscope-ceph-'));
  const server = await startS3Server(dir);
  project.provide('s3Endpoint', server.endpoint);
  return async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
