import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { S3Settings } from '../../core/storage/s3-client.js';
import { S3_CREDENTIALS } from './s3-server.js';

/** A bucket name of its own per test, so tests sharing the one server never see each other's keys. */
export function uniqueBucket(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`.toLowerCase();
}

export function s3Settings(endpoint: string, bucket: string, overrides: Partial<S3Settings> = {}): S3Settings {
  return {
    kind: 's3',
    bucket,
    endpoint,
    region: 'us-east-1',
    clusterId: 'cluster-1',
    accessKeyId: S3_CREDENTIALS.accessKeyId,
    secretAccessKey: S3_CREDENTIALS.secretAccessKey,
    ...overrides,
  };
}

/** A plain SDK client, to put and read objects the way some other tool (or libsql-wal) would. */
export function plainClient(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { ...S3_CREDENTIALS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Puts many objects, 32 at a time. */
export async function putObjects(
  client: S3Client,
  bucket: string,
  objects: readonly { key: string; body: Uint8Array }[],
): Promise<void> {
  for (let i = 0; i < objects.length; i += 32) {
    await Promise.all(
      objects
        .slice(i, i + 32)
        .map((o) => client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }))),
    );
  }
}

/** A new bucket holding a folder's files under their paths below it as keys (a `file://` bucket put into S3). */
export async function bucketOfFolder(endpoint: string, dir: string, label: string): Promise<string> {
  const bucket = uniqueBucket(label);
  const client = plainClient(endpoint);
  await createBucket(client, bucket);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const objects = [];
  for (const e of entries.filter((x) => x.isFile())) {
    const path = join(e.parentPath, e.name);
    objects.push({ key: relative(dir, path), body: new Uint8Array(await readFile(path)) });
  }
  await putObjects(client, bucket, objects);
  return bucket;
}
