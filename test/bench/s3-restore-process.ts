import { Workspace } from '../../core/api/workspace.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { s3Settings } from '../support/s3-fixtures.js';
import { ownPeakMemoryBytes } from './own-peak-memory.js';

/**
 * One restore from a bucket alone, in a process of its own, so its peak resident memory is the
 * restore's. Arguments: endpoint, bucket, cluster, empty cache folder, output. Prints
 * `{ ms, maxRssBytes }`.
 */
const [endpoint = '', bucket = '', clusterId = '', cache = '', out = ''] = process.argv.slice(2);
const workspace = await Workspace.open(cache, { remote: { ...s3Settings(endpoint, bucket), clusterId } });
const started = performance.now();
await restoreDatabase(await workspace.restoreSource('default'), { out, allowGaps: false });
const ms = performance.now() - started;
await workspace.close();
process.stdout.write(JSON.stringify({ ms, maxRssBytes: ownPeakMemoryBytes() }));
