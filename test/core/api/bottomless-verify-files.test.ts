import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { ListResult, VerifyResult } from '../../../core/model/results.js';
import { bottomlessBucket } from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';

describe("the screen's Verify all on a bottomless folder: batches by the keys the listing gives", () => {
  it('verifies each {db_name}-{generation}/{object} key, and still refuses any other path', async () => {
    const bucket = join(await tempDir(), 'bucket');
    await cp(bottomlessBucket('gz').dir, bucket, { recursive: true });
    const api = createSegscopeApi(
      { dir: bucket, layout: null, namespace: null, remote: { kind: 'none' } },
      { onProgress: () => undefined },
    );
    const files = ((await invokeApi(api, 'list', {})) as ListResult).segments.map((s) => s.file);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes('/'))).toBe(true);
    // Through the schema the HTTP server and Electron's IPC apply, as the screen sends them.
    const verified = (await invokeApi(api, 'verify', { files })) as VerifyResult;
    expect(verified.segments.map((s) => s.file)).toEqual(files);
    expect(verified.segments.every((s) => s.ok)).toBe(true);
    const [folder] = files[0]?.split('/') ?? [];
    for (const bad of [`${folder}/../x`, `${folder}/a/b`, 'ns-:default-not-a-generation/x.gz', '../x', `/${folder}/x`])
      await expect(invokeApi(api, 'verify', { files: [bad] }), bad).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
