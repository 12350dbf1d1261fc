import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespace } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import type { ListResult } from '../../../core/model/results.js';
import { writeSqldDemo } from '../../../core/workload/sqld-demo.js';
import { type TimelineModel, buildModel } from '../../../renderer/src/timeline-model.js';
import { tempDir } from '../../support/segments.js';

const SQLD_DEFAULT = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

async function modelOf(root: string, namespace: string): Promise<TimelineModel> {
  const listed = await listNamespace(await openLayout(root), namespace);
  const listing: ListResult = { ...listed, segments: [...listed.segments] };
  const model = buildModel(listing, new Set());
  if (!model) throw new Error(`no timeline for ${namespace}`);
  return model;
}

/** Pairs of segments drawn in one lane whose offsets intersect: what the picture would hide. */
function sharedLanes(model: TimelineModel): string[] {
  const found: string[] = [];
  const n = model.starts.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const intersect = (model.starts[j] ?? 0) < (model.ends[i] ?? 0) && (model.starts[i] ?? 0) < (model.ends[j] ?? 0);
      if (intersect && model.lanes[i] === model.lanes[j]) found.push(`${model.files[i]} / ${model.files[j]}`);
    }
  return found;
}

describe('timeline lanes: ranges that overlap are never drawn over each other', () => {
  it('sqld default mode: data-wal (frames 1-156) gets a lane below the snapshot of frames 0-277', async () => {
    const model = await modelOf(SQLD_DEFAULT, 'default');
    const at = (file: string) => model.files.indexOf(file);
    const snapshot = model.files.find((f) => f.endsWith('-0-277.snap')) ?? '';
    expect([model.starts[at(snapshot)], model.ends[at(snapshot)]]).toEqual([0, 278]);
    expect([model.starts[at('data-wal')], model.ends[at('data-wal')]]).toEqual([1, 157]);
    expect(sharedLanes(model)).toEqual([]);
    expect(model.laneCount).toBe(2);
    // The log's pieces keep the first lane; the WAL, numbering its frames apart, is the one below.
    expect(model.files.filter((_, i) => model.lanes[i] === 1)).toEqual(['data-wal']);
    expect(model.apart).toEqual(['data-wal']);
  });

  it('a libsql-wal namespace whose segments follow each other stays in one lane', async () => {
    const root = join(await tempDir('segscope-lanes-'), 'demo.sqld');
    await writeSqldDemo({ root, segments: 12, seed: 3 });
    const model = await modelOf(root, 'default');
    expect(model.starts.length).toBeGreaterThan(5);
    expect(model.laneCount).toBe(1);
    expect(model.apart).toEqual([]);
  });
});
