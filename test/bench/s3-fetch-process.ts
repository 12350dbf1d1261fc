import { FsBackend } from '../../core/backend/fs-backend.js';
import { seedBucketOnS3 } from '../support/seed-bucket.js';
import { s3Settings } from '../support/s3-fixtures.js';
import { ownPeakMemoryBytes } from './own-peak-memory.js';

/**
 * One fetch in a process of its own, so its peak resident memory is the fetch's alone.
 * Arguments: endpoint, bucket, prefix, frame, destination. Prints `{ ms, maxRssBytes }`.
 */
const [endpoint = '', bucket = '', prefix = '', frame = '1', dest = ''] = process.argv.slice(2);
const backend = new FsBackend({ prefix, remote: seedBucketOnS3(s3Settings(endpoint, bucket)) });
const started = performance.now();
await backend.fetchSegment('default', BigInt(frame), dest);
const ms = performance.now() - started;
await backend.remote.close();
process.stdout.write(JSON.stringify({ ms, maxRssBytes: ownPeakMemoryBytes() }));
