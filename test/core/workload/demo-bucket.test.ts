import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../core/sqlite/driver.js';
import { demoBucketRoot } from '../../../core/workload/sqld-demo.js';
import { sampleDigest } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

interface ListJson {
  layout: string;
  segments: { generation?: string; format: string }[];
}

function quickCheck(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe("demo's bottomless bucket folder", () => {
  it(
    'lists its generations from --remote alone and restores ' + 'to the default-mode namespace’s newest rows',
    async () => {
      const root = join(await tempDir(), 'demo');
      const made = await runCli(['demo', root, '--segments', '6', '--json']);
      expect(made.code, made.err).toBe(0);
      const bucket = JSON.parse(made.out) as { bucket: { root: string; namespace: string; generations: string[] } };
      expect(bucket.bucket.root).toBe(demoBucketRoot(root));
      expect(bucket.bucket.generations).toHaveLength(3);
      const text = await runCli(['demo', join(await tempDir(), 'again')]);
      expect(text.out).toMatch(/segscope list --remote file:\/\/\S+-bucket/);

      const remote = ['--remote', `file://${bucket.bucket.root}`];
      const list = await runCli(['list', ...remote, '--json']);
      expect(list.code, list.err).toBe(0);
      const listed = JSON.parse(list.out) as ListJson;
      expect(listed.layout).toBe('bottomless');
      expect(new Set(listed.segments.map((s) => s.generation))).toEqual(new Set(bucket.bucket.generations));

      const out = await tempDir();
      const fromBucket = join(out, 'bucket.db');
      const restored = await runCli(['restore', ...remote, '--out', fromBucket]);
      expect(restored.code, restored.err).toBe(0);
      const fromDir = join(out, 'dir.db');
      const local = await runCli(['restore', root, '--namespace', bucket.bucket.namespace, '--out', fromDir]);
      expect(local.code, local.err).toBe(0);
      expect(quickCheck(fromBucket)).toBe('ok');
      expect(sampleDigest(fromBucket)).toBe(sampleDigest(fromDir));
    },
    120_000,
  );
});
