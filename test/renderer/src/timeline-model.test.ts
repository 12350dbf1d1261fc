import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespace } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import type { ListResult } from '../../../core/model/results.js';
import { writeSqldDemo } from '../../../core/workload/sqld-demo.js';
import { laneAt } from '../../../renderer/src/timeline-geometry.js';
import { segmentInLane } from '../../../renderer/src/timeline-hits.js';
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
  it('sqld default mode: data-wal (frames 1-132, committed) has a lane below the snapshot of 0-277', async () => {
    const model = await modelOf(SQLD_DEFAULT, 'default');
    const at = (file: string) => model.files.indexOf(file);
    const snapshot = model.files.find((f) => f.endsWith('-0-277.snap')) ?? '';
    expect([model.starts[at(snapshot)], model.ends[at(snapshot)]]).toEqual([0, 278]);
    expect([model.starts[at('data-wal')], model.ends[at('data-wal')]]).toEqual([1, 133]);
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

describe('timeline hit-testing: the pointer names and picks the segment drawn in its own lane', () => {
  it('sqld default mode: over the overlap, the upper lane gives the snapshot, the lower one data-wal', async () => {
    const model = await modelOf(SQLD_DEFAULT, 'default');
    const named = (offset: number, lane: number) => {
      const hit = segmentInLane(model, offset, lane);
      return hit && [model.files[hit.at], hit.under];
    };
    const snapshot = model.files.find((f) => f.endsWith('-0-277.snap'));
    // Frame 100 is in both: the snapshot of 0-277 above, data-wal's 1-132 below, whichever started later.
    expect(named(100, 0)).toEqual([snapshot, true]);
    expect(named(100, 1)).toEqual(['data-wal', true]);
    expect(named(1, 1)).toEqual(['data-wal', true]);
    // Past data-wal's last frame the lower lane holds nothing: its nearest is still data-wal, said as nearest.
    expect(named(250, 1)).toEqual(['data-wal', false]);
    expect(named(250, 0)).toEqual([snapshot, true]);
    // The upper lane never names data-wal, wherever the pointer is along it.
    for (let offset = 0; offset < model.span; offset += 7) expect(named(offset, 0)?.[0]).not.toBe('data-wal');
  });

  it('the lane under the pointer as drawn: the upper half of the band is the log, the lower data-wal', async () => {
    const model = await modelOf(SQLD_DEFAULT, 'default');
    const view = { from: 0, to: model.span };
    const lanes = Array.from({ length: 60 }, (_, y) => laneAt(model, view, 800, y));
    // Top to bottom the lanes only go down, from the first to the last, above and below them the nearest.
    expect(lanes.every((lane, y) => y === 0 || lane >= (lanes[y - 1] ?? 0))).toBe(true);
    expect([lanes[0], lanes[59]]).toEqual([0, 1]);
    expect(lanes.filter((lane) => lane === 1).length).toBeGreaterThan(20);
  });

  it('one lane: a frame no segment holds names the nearest segment, before or after it', async () => {
    const root = join(await tempDir('segscope-hit-'), 'demo.sqld');
    await writeSqldDemo({ root, segments: 12, seed: 3 });
    const model = await modelOf(root, 'default');
    const [a, b] = [3, 4].map((i) => segmentInLane(model, (model.starts[i] ?? 0) + 1, 0)?.at);
    expect([a, b]).toEqual([3, 4]);
    // Past the last frame and before the first, the ends of the lane.
    expect(segmentInLane(model, model.span + 50, 0)).toEqual({ at: model.starts.length - 1, under: false });
    // The database file's frames (from 1) come before the first segment: none of them is a segment's.
    expect(model.starts[0]).toBeGreaterThan(0);
    expect(segmentInLane(model, 0, 0)).toEqual({ at: 0, under: false });
  });
});
